/**
 * Pictures with a message on Lark (the weekly report's charts): queued in the outbox like any
 * message; the real service uploads each one (im/v1/images) and shows them as img elements.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, type OutboxItem } from '../../src/app/outbox.ts';
import { outbox } from '../../src/db/schema.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { imgElements } from '../support/lark-images.ts';
import { twoCharts } from '../support/tiny-png.ts';

describe('a Lark message with images', () => {
  let app: TestApp;
  let seq = 0;
  const lark = () => app.lark!;

  beforeAll(async () => {
    app = await startTestApp({ lark: true });
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    lark().reset();
  });

  async function queue(item: Partial<OutboxItem> = {}) {
    seq++;
    const openId = `ou_img${seq}`;
    const key = `report:lark:${seq}`;
    const charts = twoCharts();
    await enqueue(app.db, [
      {
        key,
        platform: 'lark',
        target: item.target ?? { type: 'dm', userId: openId },
        message: item.message ?? {
          text: 'Weekly report: 12 visits',
          blocks: [
            { type: 'header', text: 'Weekly report' },
            { type: 'text', text: '12 visits, 3 new prospects' },
          ],
          images: charts.images,
        },
      },
    ]);
    await app.settle();
    return { key, openId, charts };
  }

  const statusOf = async (key: string) => (await app.db.select().from(outbox).where(eq(outbox.key, key)))[0]!;

  it('uploads both pictures and sends one card showing them under the text', async () => {
    const { openId, charts } = await queue();

    const uploads = lark().callsTo('im.image.create');
    expect(uploads).toHaveLength(2);
    for (const [index, call] of uploads.entries()) {
      expect(call.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(call.args).toMatchObject({
        image_type: 'message',
        image: { bytes: charts.bytes[index]!.length },
      });
      expect(call.token).toMatch(/^t-/);
    }
    const keys = uploads.map((call) => (call.response.data as { image_key: string }).image_key);
    // The bytes arrived intact.
    for (const [index, key] of keys.entries())
      expect(lark().image(key)!.bytes.equals(charts.bytes[index]!)).toBe(true);

    const cards = lark().messages(openId);
    expect(cards).toHaveLength(1);
    const images = imgElements(cards[0]!.content);
    expect(images).toEqual([
      {
        tag: 'img',
        img_key: keys[0],
        alt: { tag: 'plain_text', content: 'Visits per rep this week' },
        scale_type: 'fit_horizontal',
        preview: true,
      },
      {
        tag: 'img',
        img_key: keys[1],
        alt: { tag: 'plain_text', content: 'Pipeline by stage' },
        scale_type: 'fit_horizontal',
        preview: true,
      },
    ]);
    // Text first, pictures under it.
    const elements = (cards[0]!.content as { body: { elements: { tag: string }[] } }).body.elements;
    expect(elements.map((element) => element.tag)).toEqual(['div', 'img', 'img']);
  });

  it('delivers one card when an upload fails once (500) and one is rate limited (429)', async () => {
    lark().failNext('im.image.create', { status: 500 });
    lark().failNext('im.image.create', { status: 429, resetSeconds: 0 });
    const { key, openId } = await queue();

    // (A token the fake forgot on reset is refused first too: the client takes a new one.)
    const failures = lark()
      .callsTo('im.image.create')
      .filter((call) => call.status >= 429)
      .map((call) => call.status);
    expect(failures).toEqual([500, 429]);
    expect(
      lark()
        .callsTo('im.message.create')
        .filter((call) => !call.failed),
    ).toHaveLength(1);
    const cards = lark().messages(openId);
    expect(cards).toHaveLength(1);
    const shown = imgElements(cards[0]!.content).map((image) => image.img_key as string);
    expect(shown).toHaveLength(2);
    for (const imageKey of shown) expect(lark().image(imageKey)).toBeDefined();
    expect((await statusOf(key)).status).toBe('sent');
  });

  it('sends the card once when the send itself fails after the pictures were uploaded', async () => {
    lark().failNext('im.message.create', { status: 500 });
    const { openId } = await queue();
    expect(
      lark()
        .callsTo('im.message.create')
        .map((call) => call.failed),
    ).toEqual([true, false]);
    expect(lark().messages(openId)).toHaveLength(1);
  });

  it('shows pictures in a thread reply and in an update of a card', async () => {
    const parent = await queue({ message: { text: 'Parent', blocks: [{ type: 'text', text: 'Parent' }] } });
    await queue({ target: { type: 'thread', parentKey: parent.key } });
    await queue({ target: { type: 'update', parentKey: parent.key } });

    const [card] = lark().messages(parent.openId);
    expect(imgElements(card!.content)).toHaveLength(2);
    expect(card!.replies.map((reply) => imgElements(reply.content).length)).toEqual([2]);
    expect(lark().callsTo('im.image.create')).toHaveLength(4);
  });

  it('refuses a card showing an image that was never uploaded', async () => {
    // The fake's card check, as a service sending a stale key would meet it (a token comes first).
    const { key } = await queue({ message: { text: 'x', blocks: [{ type: 'text', text: 'x' }] } });
    expect((await statusOf(key)).status).toBe('sent');
    const refused = await fetch(`${lark().url}/open-apis/im/v1/messages?receive_id_type=open_id`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${
          lark()
            .issuedTokens()
            .find((t) => t.valid)!.token
        }`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        receive_id: 'ou_someone',
        msg_type: 'interactive',
        content: JSON.stringify({
          schema: '2.0',
          body: {
            elements: [{ tag: 'img', img_key: 'img_v3_unknown', alt: { tag: 'plain_text', content: '' } }],
          },
        }),
      }),
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('img_v3_unknown is not an uploaded image');
  });
});
