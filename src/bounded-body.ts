import type { IncomingMessage } from 'node:http';

/** No chat request comes near it (Slack's and Lark's payloads are a few KB); past it, 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BoundedBody = { tooLarge: false; raw: Buffer } | { tooLarge: true };

/**
 * Reads a request body up to MAX_BODY_BYTES. A declared length over the cap is refused before a
 * byte is read; a chunked body is kept only until it passes the cap. The rest is read and thrown
 * away as it arrives (Node's server does that for a request answered before its end), so the 413
 * reaches the client and an oversized post never costs more memory than the cap.
 */
export function readBoundedBody(req: IncomingMessage): Promise<BoundedBody> {
  if (declaredTooLarge(req)) return Promise.resolve({ tooLarge: true });
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      chunks.length = 0;
      resolve({ tooLarge: true });
    };
    req.on('data', onData);
    req.on('end', () => resolve({ tooLarge: false, raw: Buffer.concat(chunks) }));
    req.on('error', reject);
  });
}

/** The Content-Length header says more than the cap. */
export function declaredTooLarge(req: IncomingMessage): boolean {
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > MAX_BODY_BYTES;
}
