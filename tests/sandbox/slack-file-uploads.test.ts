/**
 * The emulator's file upload flow against the real WebClient: what Slack checks at each step, the
 * bytes kept and served back, failures on demand, and the SDK's own filesUploadV2 helper.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FilesGetUploadURLExternalResponse, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { loadSandboxState, saveSandboxState } from '../../src/sandbox/emulator/persistence.ts';
import { SlackWorkspace } from '../../src/sandbox/emulator/slack-workspace.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { tinyPng } from '../support/tiny-png.ts';

const TOKEN = 'xoxb-test';
let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ token: TOKEN });
});
afterEach(() => fake.reset());
afterAll(() => fake.stop());

const client = () =>
  new WebClient(TOKEN, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });

async function announce(filename: string, length: number) {
  const answer: FilesGetUploadURLExternalResponse = await client().apiCall('files.getUploadURLExternal', {
    filename,
    length,
  });
  return { url: answer.upload_url as string, id: answer.file_id as string };
}

const upload = (url: string, body: Buffer) => fetch(url, { method: 'POST', body: new Uint8Array(body) });

describe('files upload in the Slack emulator', () => {
  it('hands out an upload URL on its own base URL, takes the bytes and serves them back', async () => {
    const png = tinyPng(3, 3, [0, 128, 0]);
    const { url, id } = await announce('green.png', png.length);
    expect(id).toMatch(/^F[A-Z0-9]+$/);
    expect(url.startsWith(`${fake.url}/upload/`)).toBe(true);

    const answer = await upload(url, png);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(`OK - ${png.length}`);
    expect(fake.callsTo('upload_url')[0]).toMatchObject({
      args: { file_id: id, length: png.length },
      failed: false,
    });

    const done = await client().files.completeUploadExternal({
      files: [{ id, title: 'Green' }],
      channel_id: 'C1',
      initial_comment: 'Here it is',
    });
    expect(done.files).toEqual([{ id, title: 'Green' }]);
    const [message] = fake.messages('C1');
    expect(message!.text).toBe('Here it is');
    expect(message!.files![0]).toMatchObject({
      id,
      name: 'green.png',
      title: 'Green',
      mimetype: 'image/png',
      filetype: 'png',
      size: png.length,
    });
    const served = await fetch(message!.files![0]!.url_private as string);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it('refuses what Slack refuses', async () => {
    await expect(client().apiCall('files.getUploadURLExternal', { length: 3 })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
    await expect(
      client().apiCall('files.getUploadURLExternal', { filename: 'a.png', length: 0 }),
    ).rejects.toMatchObject({
      data: { error: 'missing_argument' },
    });
    const { url, id } = await announce('a.png', 10);
    // Bytes of another length than announced.
    expect((await upload(url, Buffer.alloc(9))).status).toBe(400);
    expect(fake.callsTo('upload_url')[0]!.failed).toBe(true);
    // A file whose bytes never arrived cannot be completed.
    await expect(
      client().files.completeUploadExternal({ files: [{ id }], channel_id: 'C1' }),
    ).rejects.toMatchObject({
      data: { error: 'file_not_found' },
    });
    expect((await upload(url, Buffer.alloc(10))).status).toBe(200);
    await expect(
      client().files.completeUploadExternal({ files: [{ id }], channel_id: 'CNOPE' }),
    ).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    expect(fake.messages('C1')).toEqual([]);
  });

  it('keeps a file completed without a channel private: no message', async () => {
    const { url, id } = await announce('private.png', 4);
    await upload(url, Buffer.alloc(4));
    await client().files.completeUploadExternal({ files: [{ id }] });
    expect(fake.messages('C1')).toEqual([]);
  });

  it('fails uploads on demand, like any method', async () => {
    const { url } = await announce('a.png', 4);
    fake.failNext('upload_url', { status: 500 });
    expect((await upload(url, Buffer.alloc(4))).status).toBe(500);
    expect((await upload(url, Buffer.alloc(4))).status).toBe(200);
    expect(fake.callsTo('upload_url').map((call) => call.failed)).toEqual([true, false]);
  });

  it("serves the SDK's filesUploadV2 helper too (it posts to the upload_url it is given)", async () => {
    const png = tinyPng(2, 2, [1, 2, 3]);
    await client().filesUploadV2({
      channel_id: 'C1',
      file: png,
      filename: 'chart.png',
      initial_comment: 'via helper',
    });
    const [message] = fake.messages('C1');
    expect(message!.text).toBe('via helper');
    expect(message!.files).toHaveLength(1);
  });

  it('keeps shared files, bytes included, in the sandbox snapshot across a restart', async () => {
    const png = tinyPng(2, 3, [9, 9, 9]);
    const { url, id } = await announce('kept.png', png.length);
    await upload(url, png);
    await client().files.completeUploadExternal({ files: [{ id, title: 'Kept' }], channel_id: 'C1' });

    const path = join(mkdtempSync(join(tmpdir(), 'sandbox-files-')), 'workspace.json');
    saveSandboxState(path, { clockOffsetMs: 0, workspace: fake.workspace.snapshot() });
    const loaded = loadSandboxState(path, createLogger('silent'));
    const restarted = new SlackWorkspace();
    restarted.restore(loaded.workspace!);
    expect(restarted.files.read(id)?.bytes.equals(png)).toBe(true);
    expect(restarted.messages('C1')[0]!.files![0]).toMatchObject({ id, title: 'Kept' });
  });
});
