import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** Lark signs deliveries when an encrypt key is set; the SDK checks nothing else, so we check the age too. */
export const MAX_AGE_SECONDS = 5 * 60;

export type Verdict = 'ok' | 'unsigned' | 'bad_signature' | 'stale';

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** X-Lark-Signature = hex sha256(timestamp + nonce + encryptKey + raw body), timestamp within five minutes. */
export function verifyLarkSignature(
  headers: Headers,
  rawBody: Buffer | string,
  encryptKey: string,
  nowMs: number,
): Verdict {
  const timestamp = header(headers, 'x-lark-request-timestamp');
  const nonce = header(headers, 'x-lark-request-nonce');
  const signature = header(headers, 'x-lark-signature');
  if (!timestamp || !nonce || !signature) return 'unsigned';
  // Over the raw bytes as they arrived, before anything is decoded or parsed.
  const expected = createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest('hex');
  const given = Buffer.from(signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected, 'utf8')))
    return 'bad_signature';
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_AGE_SECONDS)
    return 'stale';
  return 'ok';
}

/** `{ encrypt }` bodies: AES-256-CBC, key = sha256(encryptKey), IV = the first 16 bytes. */
export function decryptLark(encryptKey: string, encrypted: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const data = Buffer.from(encrypted, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}
