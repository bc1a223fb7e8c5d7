/**
 * The sandbox workspace in a real browser: a Chromium (CHROMIUM_PATH, playwright's own download or a
 * system browser, see find-chromium.ts) driven by playwright-core, against the real service with the seeded demo team. A person plays every role, the
 * way README's "try it in one command" promises.
 *
 * "Approve with a note": in Slack, Approve decides in one click and carries no note (only Reject
 * asks for one, in a modal); the place to add a word is the approval message's thread, which the
 * rep shares. So the supervisor approves from the thread and replies in it, and the rep reads both.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { type SandboxService, startSandbox } from '../../src/sandbox/start.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';
import { findChromium, noBrowserHelp } from './find-chromium.ts';

const CHROMIUM = findChromium();
// The README's pictures are refreshed on demand (UPDATE_SCREENSHOTS=1); a normal run keeps them in a temp folder.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
  : `${mkdtempSync(join(tmpdir(), 'accountdesk-screens-'))}/`;
const RILEY = 'U0DEMORILEY';
const SAM = 'U0DEMOSAM';

describe('the sandbox workspace in a browser', () => {
  it('has a Chromium to drive', () => {
    expect(CHROMIUM !== undefined && existsSync(CHROMIUM), noBrowserHelp(CHROMIUM)).toBe(true);
  });

  let sandbox: SandboxService;
  let testDb: TestDatabase;
  let dataDir: string;
  let profileDir: string;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (CHROMIUM === undefined || !existsSync(CHROMIUM)) throw new Error(noBrowserHelp(CHROMIUM));
    dataDir = mkdtempSync(join(tmpdir(), 'accountdesk-sandbox-'));
    profileDir = mkdtempSync(join(tmpdir(), 'accountdesk-chromium-'));
    testDb = await createTestDatabase();
    sandbox = await startSandbox({
      config: loadConfig({ PORT: '0', DATA_DIR: dataDir, DEFAULT_LOCALE: 'en' }),
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      database: testDb.database,
      // The test presses the clock buttons itself; a minute tick must not send the morning early.
      scheduler: false,
    });
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 800 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    // A refused request names itself: the console only says "status of 400".
    page.on('response', async (response) => {
      if (response.status() < 400) return;
      const body = await response.text().catch(() => '');
      consoleErrors.push(
        `${response.request().method()} ${new URL(response.url()).pathname} ${response.status()} ${body} ${response.request().postData() ?? ''}`,
      );
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    await testDb?.drop();
    if (dataDir) rmSync(dataDir, { force: true, recursive: true });
    if (profileDir) rmSync(profileDir, { force: true, recursive: true });
  });

  async function beMember(userId: string): Promise<void> {
    await page.selectOption('#member', userId);
    await page.waitForSelector(`body[data-me="${userId}"]`);
  }

  async function openConversation(name: string): Promise<void> {
    await page.locator('.sidebar-item', { hasText: name }).click();
    await expect.poll(() => page.locator('#conversation-title').textContent()).toContain(name);
  }

  async function typeInComposer(input: string, text: string): Promise<void> {
    await page.fill(input, text);
    await page.press(input, 'Enter');
    await expect.poll(() => page.inputValue(input)).toBe('');
  }

  const message = (where: string, text: string): Locator =>
    page.locator(`${where} .message`, { hasText: text }).last();

  // playwright-core has no test matchers: wait for the page, then assert as usual.
  const visible = (locator: Locator) => locator.waitFor({ state: 'visible' });
  const showsText = (locator: Locator, text: string) =>
    expect.poll(async () => (await locator.textContent()) ?? '', { timeout: 10_000 }).toContain(text);

  it('lets a rep, their supervisor and the morning digest work a discount end to end', async () => {
    const started = Date.now();
    await page.goto(`${sandbox.sandboxUrl}?as=${RILEY}`);
    await page.waitForSelector(`body[data-me="${RILEY}"]`);
    await showsText(page.locator('.sandbox-banner'), 'Local sandbox');

    // The rep logs a visit and asks for 12 % from the composer of their DM with the app.
    await openConversation('AccountDesk');
    await typeInComposer(
      '#composer-input',
      '/visit Acme met the CFO, budget approved next:+3d stage:agreement',
    );
    await showsText(message('#messages', 'Visit logged for Acme Corporation'), 'Only visible to you');
    await typeInComposer(
      '#composer-input',
      '/discount Acme 12% on 120000 reason:competitor Initech quoted 10% lower for the same scope',
    );
    await visible(message('#messages', '12% for Acme Corporation) sent to Sam Li'));
    await visible(message('#messages', '(12% for Acme Corporation) is waiting for Sam Li'));

    // The supervisor opens the approval in its thread, approves it there and adds a note.
    await beMember(SAM);
    await openConversation('Riley Chen');
    const approval = message('#messages', 'Discount request #5: 12% for Acme Corporation');
    await showsText(approval, 'Competitor quoted lower');
    await approval.hover();
    await approval.getByRole('button', { name: 'Reply in thread' }).click();
    const parent = message('#thread', 'Discount request #5');
    await parent.getByRole('button', { name: 'Approve' }).click();
    await visible(message('#thread', 'Sam Li 李森 approved this request.'));
    await showsText(parent, 'approved by Sam Li 李森');
    expect(await parent.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await typeInComposer(
      '#thread-input',
      'Approved: keep the three-year term and lock the price for 36 months.',
    );
    await visible(message('#thread', 'lock the price for 36 months'));
    await page.screenshot({ path: join(SCREENSHOTS, 'sandbox-approval.png') });

    // Back as the rep: the outcome in the DM, the note in the approval's thread.
    await beMember(RILEY);
    await openConversation('AccountDesk');
    await visible(
      message('#messages', 'Your discount request #5 (12% for Acme Corporation) was approved by Sam Li'),
    );
    await openConversation('Sam Li');
    await message('#messages', 'Discount request #5').getByRole('button', { name: /repl/ }).click();
    await visible(message('#thread', 'lock the price for 36 months'));

    // The morning digest, and Log visit on one of its lines opens the form for that customer.
    await openConversation('AccountDesk');
    await page.getByRole('button', { name: 'Run the morning digest now' }).click();
    const digest = message('#messages', 'Follow-ups for Riley Chen 陈锐');
    await showsText(digest, 'Overdue');
    const line = digest.locator('.section', { hasText: 'Globex Trading' });
    const buttons = line.locator('xpath=following-sibling::div[contains(@class, "actions")][1]');
    await buttons.getByRole('button', { name: 'Log visit' }).click();
    const modal = page.locator('#modal .modal');
    await showsText(modal, 'Log a visit');
    await expect.poll(() => modal.locator('.typeahead input').inputValue()).toBe('Globex Trading');
    await modal.locator('textarea').first().fill('Reviewed the rollout plan with their operations lead.');
    await page.screenshot({ path: join(SCREENSHOTS, 'sandbox-digest.png') });
    await modal.getByRole('button', { name: 'Save' }).click();
    await page.locator('#modal').waitFor({ state: 'hidden' });
    await visible(message('#messages', 'Visit logged for Globex Trading'));

    expect(consoleErrors).toEqual([]);
    // Recorded for the report: the whole walk-through should stay well under a minute.
    console.info(`sandbox browser walk-through took ${Date.now() - started} ms`);
  }, 90_000);

  it('shows the rep their Home beside Messages, and redraws it in place after Snooze', async () => {
    await beMember(RILEY);
    await openConversation('AccountDesk');
    await page.getByRole('tab', { name: 'Home' }).click();
    const home = page.locator('#home');
    await showsText(home, 'My day');
    await visible(home.getByRole('button', { name: 'Log visit' }).first());
    expect(await page.locator('#composer').isVisible()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'sandbox-home.png') });

    // Log visit in the home opens the form (its trigger id is the home click's), as from the morning message.
    await home.getByRole('button', { name: 'Log visit' }).first().click();
    const modal = page.locator('#modal .modal');
    await showsText(modal, 'Log a visit');
    await modal.locator('.modal-foot .btn').first().click();
    await page.locator('#modal').waitFor({ state: 'hidden' });

    // Snooze is answered with a new home (views.publish), drawn over the old one without a reload.
    const snoozes = home.getByRole('button', { name: 'Snooze' });
    const before = await snoozes.count();
    expect(before).toBeGreaterThan(0);
    const viewId = await home.locator('.home-body').getAttribute('data-view-id');
    await snoozes.first().click();
    await expect.poll(() => snoozes.count(), { timeout: 10_000 }).toBe(before - 1);
    expect(await home.locator('.home-body').getAttribute('data-view-id')).toBe(viewId);
    await showsText(home, 'My day');

    // Messages is one click away, and the Home is asked for again each time it is opened (as in Slack).
    await page.getByRole('tab', { name: 'Messages' }).click();
    await visible(page.locator('#composer'));
    expect(consoleErrors).toEqual([]);
  }, 60_000);
});
