/**
 * Pictures for a card: each uploaded to Lark (POST /open-apis/im/v1/images, multipart, image_type
 * `message`; needs the im:resource or im:resource:upload permission), then shown by its image_key.
 * A failed delivery uploads them again when tried again: an image nobody shows costs nothing, and
 * the card itself is still sent once (by its uuid).
 */
import type { MessageImage } from '../../messages/model.ts';
import { callLark } from './call.ts';
import type { CardImage } from './card.ts';
import type { LarkClient } from './client.ts';

export async function uploadImages(
  { client, tokens }: LarkClient,
  images: MessageImage[],
): Promise<CardImage[]> {
  const uploaded: CardImage[] = [];
  for (const image of images) {
    const answer = await callLark(tokens, async () => {
      // The SDK hands back only `data` of this upload's answer; a refusal arrives as a thrown HTTP error.
      const data = await client.im.image.create({
        data: { image_type: 'message', image: Buffer.from(image.pngBase64, 'base64') },
      });
      return data?.image_key
        ? { code: 0, key: data.image_key }
        : { code: -1, msg: `upload of ${image.name} returned no image_key` };
    });
    uploaded.push({ key: answer.key ?? '', alt: image.alt });
  }
  return uploaded;
}
