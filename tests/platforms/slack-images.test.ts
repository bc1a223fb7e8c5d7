/**
 * Pictures with a message on Slack (the weekly report's charts): queued in the outbox like any
 * message, delivered by the real service through Slack's upload flow to the emulator.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, type OutboxItem } from '../../src/app/outbox.ts';
import { outbox } from '../../src/db/schema.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { twoCharts } from '../support/tiny-png.ts';

describe('a Slack message with images', () => {
  let app: TestApp;
  let seq = 0;
  const slack = () => app.slack;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.stop());
  beforeEach(async () => {
    await app.settle();
    slack().reset();
  });

  /** A DM to a fresh user (each test its own conversation, so pacing never holds one back). */
  async function queue(item: Partial<OutboxItem> & { userId?: string }) {
    seq++;
    const userId = item.userId ?? `UIMG${seq}`;
    const key = item.key ?? `report:${seq}`;
    const charts = twoCharts();
    await enqueue(app.db, [
      {
        key,
        platform: 'slack',
        target: item.target ?? { type: 'dm', userId },
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
    return { key, userId, channel: `D${userId}`, charts };
  }

  const withFiles = (channel: string) =>
    slack()
      .messages(channel)
      .filter((m) => m.files?.length);
  const withText = (channel: string) =>
    slack()
      .messages(channel)
      .filter((m) => !m.files?.length);

  it('posts the message, then shares both pictures under it in one files.completeUploadExternal', async () => {
    const { key, channel, charts } = await queue({});

    const announced = slack().callsTo('files.getUploadURLExternal');
    expect(announced.map((call) => call.args)).toEqual([
      {
        filename: 'visits.png',
        length: String(charts.bytes[0]!.length),
        alt_txt: 'Visits per rep this week',
      },
      { filename: 'pipeline.png', length: String(charts.bytes[1]!.length), alt_txt: 'Pipeline by stage' },
    ]);
    const ids = announced.map((call) => call.response.file_id as string);
    expect(ids.every((id) => /^F[A-Z0-9]+$/.test(id))).toBe(true);
    expect(
      slack()
        .callsTo('upload_url')
        .map((call) => call.status),
    ).toEqual([200, 200]);

    const complete = slack().callsTo('files.completeUploadExternal');
    expect(complete).toHaveLength(1);
    expect(complete[0]!.args.channel_id).toBe(channel);
    expect(JSON.parse(complete[0]!.args.files as string)).toEqual([
      { id: ids[0], title: 'Visits per rep this week' },
      { id: ids[1], title: 'Pipeline by stage' },
    ]);
    // The text is in the message above; the share under it does not repeat it.
    expect(complete[0]!.args.initial_comment).toBeUndefined();

    const [message] = withText(channel);
    expect(withText(channel)).toHaveLength(1);
    expect(message!.metadata).toMatchObject({ event_payload: { outbox_key: key } });
    expect(JSON.stringify(message!.blocks)).toContain('12 visits, 3 new prospects');
    const [share] = withFiles(channel);
    expect(withFiles(channel)).toHaveLength(1);
    expect(Number(share!.ts)).toBeGreaterThan(Number(message!.ts));
    expect(share!.files!.map((file) => [file.id, file.name, file.mimetype])).toEqual([
      [ids[0], 'visits.png', 'image/png'],
      [ids[1], 'pipeline.png', 'image/png'],
    ]);

    // The bytes arrived intact, and the file's url serves them back.
    for (const [index, file] of share!.files!.entries()) {
      const served = await fetch(file.url_private as string);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await served.arrayBuffer()).equals(charts.bytes[index]!)).toBe(true);
    }

    const [row] = await app.db.select().from(outbox).where(eq(outbox.key, key));
    expect(row!.status).toBe('sent');
    expect(row!.ref).toEqual({ channel, ts: message!.ts });
  });

  it('delivers once when an upload fails (500) and announcing is rate limited (429) on the way', async () => {
    slack().failNext('upload_url', { status: 500 });
    slack().failNext('files.getUploadURLExternal', { status: 429, retryAfter: 0 });
    const { channel } = await queue({});

    expect(
      slack()
        .callsTo('upload_url')
        .filter((call) => call.failed),
    ).toHaveLength(1);
    expect(
      slack()
        .callsTo('files.getUploadURLExternal')
        .filter((call) => call.failed),
    ).toHaveLength(1);
    expect(withText(channel)).toHaveLength(1);
    expect(withFiles(channel)).toHaveLength(1);
    expect(withFiles(channel)[0]!.files).toHaveLength(2);
  });

  it('shares the pictures once and posts the message once when the share fails after the post', async () => {
    slack().failNext('files.completeUploadExternal', { status: 500 });
    const { channel, key } = await queue({});

    expect(
      slack()
        .callsTo('files.completeUploadExternal')
        .map((call) => call.failed),
    ).toEqual([true, false]);
    expect(slack().callsTo('chat.postMessage')).toHaveLength(1);
    expect(withText(channel)).toHaveLength(1);
    expect(withFiles(channel)).toHaveLength(1);
    const [row] = await app.db.select().from(outbox).where(eq(outbox.key, key));
    expect(row!.ref).toEqual({ channel, ts: withText(channel)[0]!.ts });
  });

  it('does not share again when the share landed but its answer was lost', async () => {
    const first = await queue({
      message: { text: 'Plain first', blocks: [{ type: 'text', text: 'Plain' }] },
    });
    const charts = twoCharts();
    const key = 'report:lost-answer';
    slack().holdNextAnswer('files.completeUploadExternal', 12_000);
    await enqueue(app.db, [
      {
        key,
        platform: 'slack',
        target: { type: 'dm', userId: first.userId },
        message: { text: 'Charts', blocks: [{ type: 'text', text: 'Charts' }], images: charts.images },
      },
    ]);
    // The held answer outlasts the client's 10 s timeout: the attempt fails, the row is retried.
    await app.settle(20_000);
    expect(withFiles(first.channel)).toHaveLength(1);
    // The retry found the message and the share under it: nothing uploaded, posted or shared again.
    expect(slack().callsTo('files.getUploadURLExternal')).toHaveLength(2);
    expect(
      slack()
        .callsTo('chat.postMessage')
        .filter((call) => !call.failed),
    ).toHaveLength(2);
    const [row] = await app.db.select().from(outbox).where(eq(outbox.key, key));
    expect(row!.status).toBe('sent');
    // The held answer is recorded when it is finally sent: one share call in all.
    await slack().waitFor('files.completeUploadExternal', 5000);
    expect(slack().callsTo('files.completeUploadExternal')).toHaveLength(1);
  }, 30_000);

  it('names the missing files:write scope and posts nothing when the app lacks it', async () => {
    slack().failNext('files.getUploadURLExternal', { error: 'missing_scope', needed: 'files:write' });
    const { key, channel } = await queue({});
    const [row] = await app.db.select().from(outbox).where(eq(outbox.key, key));
    expect(row!.status).toBe('failed');
    expect(row!.lastError).toBe('missing_scope files:write');
    expect(slack().messages(channel)).toEqual([]);
  });

  it('shares pictures of a thread reply in the thread', async () => {
    const parent = await queue({ message: { text: 'Parent', blocks: [{ type: 'text', text: 'Parent' }] } });
    const parentTs = slack().messages(parent.channel)[0]!.ts;
    await queue({ target: { type: 'thread', parentKey: parent.key } });

    const replies = slack()
      .messages(parent.channel)
      .filter((m) => m.thread_ts === parentTs);
    expect(replies.map((m) => m.files?.length ?? 0)).toEqual([0, 2]);
    expect(slack().callsTo('files.completeUploadExternal')[0]!.args.thread_ts).toBe(parentTs);
  });

  it('refuses pictures on an update, clearly, without touching the message', async () => {
    const parent = await queue({ message: { text: 'Parent', blocks: [{ type: 'text', text: 'Parent' }] } });
    const { key } = await queue({ target: { type: 'update', parentKey: parent.key } });

    const [row] = await app.db.select().from(outbox).where(eq(outbox.key, key));
    expect(row!.status).toBe('failed');
    expect(row!.lastError).toBe(
      'images go only with a new message (dm, group, thread), not with target update',
    );
    expect(slack().callsTo('chat.update')).toHaveLength(0);
    expect(slack().callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });
});
