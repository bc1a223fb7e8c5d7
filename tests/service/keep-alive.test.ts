import { Agent, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.ts';

/**
 * A proxy in front of the service keeps connections open and reuses them after seconds of quiet.
 * The service must not close them first: a request sent as it closes one fails with a reset.
 */
describe('keep-alive connections', () => {
  let app: TestApp;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    agent.destroy();
    await app?.stop();
  });

  const healthz = () =>
    new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
      const request = get(`${app.service.url}/healthz`, { agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, reused: request.reusedSocket }));
      });
      request.on('error', reject);
    });

  it('stays open past Node’s 5-second default, so a request after a quiet spell reuses it', async () => {
    expect(await healthz()).toEqual({ status: 200, reused: false });
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(await healthz()).toEqual({ status: 200, reused: true });
  }, 20_000);
});
