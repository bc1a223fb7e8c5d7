import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppDeps } from '../../app/context.ts';
import { createLarkDispatcher } from './events.ts';
import { decryptLark, verifyLarkSignature } from './verify.ts';

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * POST /lark/events and /lark/card. The SDK verifies nothing unless an encrypt key is set and never
 * checks the timestamp, so this does it: signature over the raw body, five-minute window, then
 * decryption. URL verification challenges are answered (they carry the verification token).
 */
export function createLarkHttpHandler(
  deps: AppDeps,
  options: { encryptKey: string; verificationToken?: string },
) {
  const dispatch = createLarkDispatcher(deps, options.verificationToken);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let raw: string;
    let payload: Record<string, unknown>;
    try {
      raw = await readBody(req);
      payload = JSON.parse(raw) as Record<string, unknown>;
      if (typeof payload.encrypt === 'string')
        payload = JSON.parse(decryptLark(options.encryptKey, payload.encrypt));
    } catch {
      return send(res, 400, { error: 'unreadable body' });
    }
    if (payload.type === 'url_verification') {
      if (options.verificationToken && payload.token !== options.verificationToken) {
        return send(res, 401, { error: 'verification token mismatch' });
      }
      return send(res, 200, { challenge: payload.challenge });
    }
    // Freshness is about real time, not the business clock use cases run on.
    const verdict = verifyLarkSignature(req.headers, raw, options.encryptKey, Date.now());
    if (verdict !== 'ok') {
      deps.logger.warn({ verdict, path: req.url }, 'lark request refused');
      return send(res, 401, { error: verdict });
    }
    try {
      const result = await dispatch(payload);
      send(res, result.status, result.body);
    } catch (error) {
      deps.logger.error({ err: error }, 'lark event failed');
      // 500 makes Lark redeliver; the dedupe key was released, so the retry is handled afresh.
      send(res, 500, { error: 'internal' });
    }
  };
}
