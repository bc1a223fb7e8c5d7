import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../../app/context.ts';
import { MAX_BODY_BYTES, readBoundedBody } from '../../bounded-body.ts';
import { createLarkDispatcher } from './events.ts';
import { decryptLark, verifyLarkSignature } from './verify.ts';

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The one answer to anything unsigned, forged, stale or unreadable: it learns nothing from it. */
const REFUSED = { error: 'unauthorized' };

/** The JSON inside a body, decrypted when it is `{ encrypt }`; undefined when it is neither. */
function readPayload(
  raw: Buffer,
  encryptKey: string,
): { payload: Record<string, unknown>; encrypted: boolean } | undefined {
  try {
    const outer = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    if (typeof outer.encrypt !== 'string') return { payload: outer, encrypted: false };
    return {
      payload: JSON.parse(decryptLark(encryptKey, outer.encrypt)) as Record<string, unknown>,
      encrypted: true,
    };
  } catch {
    return undefined;
  }
}

/**
 * POST /lark/events and /lark/card. The SDK verifies nothing unless an encrypt key is set and never
 * checks the timestamp, so this does it, in this order: at most 1 MB is read (413 past it); the
 * signature over the raw bytes and the five-minute window; only then is the body decrypted and
 * parsed. Unsigned, the only body answered is the console's URL check — a `url_verification` whose
 * token matches, or which decrypted with our key when no token is configured; every other unsigned,
 * forged or stale body gets the same 401.
 */
export function createLarkHttpHandler(
  deps: AppDeps,
  options: { encryptKey: string; verificationToken?: string },
) {
  const dispatch = createLarkDispatcher(deps, options.verificationToken);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBoundedBody(req);
    if (body.tooLarge) {
      return send(res, 413, { error: `request body over ${MAX_BODY_BYTES} bytes` });
    }
    // Freshness is about real time, not the business clock use cases run on.
    const verdict = verifyLarkSignature(req.headers, body.raw, options.encryptKey, Date.now());
    if (verdict === 'unsigned') {
      const read = readPayload(body.raw, options.encryptKey);
      const check = read?.payload;
      const tokenOk = options.verificationToken
        ? check?.token === options.verificationToken
        : read?.encrypted === true;
      if (check?.type === 'url_verification' && tokenOk)
        return send(res, 200, { challenge: check.challenge });
      deps.logger.warn({ verdict, path: req.url }, 'lark request refused');
      return send(res, 401, REFUSED);
    }
    if (verdict !== 'ok') {
      deps.logger.warn({ verdict, path: req.url }, 'lark request refused');
      return send(res, 401, REFUSED);
    }
    const read = readPayload(body.raw, options.encryptKey);
    if (!read) {
      // Signed by Lark but unreadable: answered 200 so Lark does not redeliver it forever.
      deps.logger.warn({ path: req.url }, 'signed lark request that is not JSON; ignored');
      return send(res, 200, {});
    }
    if (read.payload.type === 'url_verification')
      return send(res, 200, { challenge: read.payload.challenge });
    try {
      const result = await dispatch(read.payload);
      send(res, result.status, result.body);
    } catch (error) {
      deps.logger.error({ err: error }, 'lark event failed');
      // 500 makes Lark redeliver; the dedupe key was released, so the retry is handled afresh.
      send(res, 500, { error: 'internal' });
    }
  };
}
