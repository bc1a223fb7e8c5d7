import { pino } from 'pino';
import { currentRequest } from './request-context.ts';

export type Logger = pino.Logger;

/** JSON lines; every line written while a request is handled carries its `requestId`. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'accountdesk' },
    serializers: { err: withoutQueryParameters },
    mixin: () => {
      const request = currentRequest();
      return request ? { requestId: request.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Errors are logged with their stack but without the values a failed query carried: those are the
 * members' own words (notes, names) and stay out of the logs. Drizzle puts them in the message
 * ("params: …") and `params`; postgres.js in `parameters`.
 */
function withoutQueryParameters(error: unknown): unknown {
  if (!(error instanceof Error)) return pino.stdSerializers.err(error as Error);
  const serialized = pino.stdSerializers.err(error) as Record<string, unknown>;
  return redact(serialized, 0);
}

const PARAMS_LINE = /\nparams: [\s\S]*?(?=\n {4}at |$)/;
/** Postgres repeats the offending value in some messages and in `detail` ("Key (name)=(…)"). */
const ECHOED_VALUE = /(invalid input (?:syntax|value) for [^:\n]*: )"[^"\n]*"/g;
const KEY_VALUE = /(Key \([^)]*\)=)\([^\n]*?\)/g;
const scrub = (text: string) =>
  text
    .replace(PARAMS_LINE, '\nparams: [redacted]')
    .replace(ECHOED_VALUE, '$1"[redacted]"')
    .replace(KEY_VALUE, '$1([redacted])');

function redact(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const key of ['params', 'parameters']) if (key in out) out[key] = '[redacted]';
  for (const key of ['message', 'stack', 'detail']) {
    const text = out[key];
    if (typeof text === 'string') out[key] = scrub(text);
  }
  const cause = out.cause;
  if (cause && typeof cause === 'object' && depth < 5)
    out.cause = redact(cause as Record<string, unknown>, depth + 1);
  return out;
}
