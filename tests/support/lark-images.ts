/**
 * The fake Lark's image upload (POST /open-apis/im/v1/images, multipart/form-data with
 * `image_type` and `image`; answers `data.image_key`) and what cards may then show: an `img`
 * element is accepted only with the key of an image uploaded for messages.
 * The SDK (im.image.create) sends the form through axios' own multipart encoding.
 */

import type { FormPart } from '../../src/sandbox/emulator/multipart.ts';

export { parseMultipart } from '../../src/sandbox/emulator/multipart.ts';

/** Lark refuses images over 10 MB, and empty ones. */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** "Invalid request param" in the image API's error table. */
export const IMAGE_INVALID_PARAM = 234001;
/** "File size exceeded limit" in the image API's error table. */
export const IMAGE_TOO_LARGE = 234006;

export type StoredImage = { key: string; type: string; bytes: Buffer; filename?: string };

export class LarkImageStore {
  private images = new Map<string, StoredImage>();
  private readonly newKey: () => string;

  constructor(newKey: () => string) {
    this.newKey = newKey;
  }

  /** Stores an uploaded image; the error Lark answers with when the form is wrong. */
  upload(parts: FormPart[] | undefined): { image: StoredImage } | { code: number; msg: string } {
    const field = (name: string) => parts?.find((part) => part.name === name);
    const type = field('image_type')?.data.toString('utf8');
    const image = field('image');
    if (type !== 'message' && type !== 'avatar')
      return { code: IMAGE_INVALID_PARAM, msg: 'Invalid request param: image_type' };
    if (!image || image.data.length === 0)
      return { code: IMAGE_INVALID_PARAM, msg: 'Invalid request param: image' };
    if (image.data.length > MAX_IMAGE_BYTES)
      return { code: IMAGE_TOO_LARGE, msg: 'File size exceeded limit' };
    const stored: StoredImage = {
      key: this.newKey(),
      type,
      bytes: Buffer.from(image.data),
      ...(image.filename !== undefined ? { filename: image.filename } : {}),
    };
    this.images.set(stored.key, stored);
    return { image: stored };
  }

  get(key: string): StoredImage | undefined {
    return this.images.get(key);
  }

  clear(): void {
    this.images = new Map();
  }

  /** What is wrong with the card's img elements: unknown keys, avatars, a missing alt. */
  problem(card: unknown): string | undefined {
    for (const element of imgElements(card)) {
      const key = element.img_key;
      const known = typeof key === 'string' ? this.images.get(key) : undefined;
      if (!known) return `img_key ${String(key)} is not an uploaded image`;
      if (known.type !== 'message') return `img_key ${key} was uploaded as an avatar, not for messages`;
      const alt = element.alt;
      if (!isRecord(alt) || alt.tag !== 'plain_text' || typeof alt.content !== 'string')
        return 'img needs alt: { tag: plain_text, content }';
    }
    return undefined;
  }
}

/** Every `img` element anywhere in a card. */
export function imgElements(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(imgElements);
  if (!isRecord(value)) return [];
  const own = value.tag === 'img' ? [value] : [];
  return [...own, ...Object.values(value).flatMap(imgElements)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
