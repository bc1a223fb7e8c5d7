import { pino } from 'pino';
import { currentRequest } from './request-context.ts';

export type Logger = pino.Logger;

/** JSON lines; every line written while a request is handled carries its `requestId`. */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: { service: 'accountdesk' },
    mixin: () => {
      const request = currentRequest();
      return request ? { requestId: request.requestId } : {};
    },
  });
}
