import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Clock } from '../../src/app/context.ts';
import { enqueue, type OutboxItem } from '../../src/app/outbox.ts';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/client.ts';
import { customers, members } from '../../src/db/schema.ts';
import { normalizeName } from '../../src/domain/customer-match.ts';
import { createLogger } from '../../src/logger.ts';
import { type Service, startService } from '../../src/service.ts';
import { FAKE_LARK_APP_ID, FAKE_LARK_APP_SECRET, type FakeLark, startFakeLark } from './fake-lark.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { interleaving } from './interleave.ts';
import {
  botMentionEvent,
  cardActionEvent,
  DEFAULT_LARK_VERIFICATION_TOKEN,
  type MentionInput,
  messageReceiveEvent,
  postToLark,
} from './lark-requests.ts';
import {
  blockAction,
  blockActionPayload,
  blockSuggestion,
  interactionBody,
  postToService,
  type ServiceResponse,
  type StateValues,
  slashCommand,
  viewSubmission,
} from './slack-requests.ts';
import { createTestDatabase } from './test-db.ts';

export const SIGNING_SECRET = 'test-signing-secret';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: string | Date): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

type MemberSpec = {
  userId?: string;
  name?: string;
  role?: 'rep' | 'supervisor' | 'director' | 'admin';
  managerId?: number | null;
  locale?: string | null;
  timezone?: string | null;
  platform?: 'slack' | 'lark';
};

type CustomerSpec = { name: string; ownerId: number; tier?: 'A' | 'B' | 'C' | 'D'; status?: string };

let counter = 0;

/** The real service over HTTP, a fake Slack Web API, and a fresh database. */
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

export const LARK_ENCRYPT_KEY = 'test-lark-encrypt-key';

export async function startTestApp(
  options: {
    clock?: TestClock;
    env?: Record<string, string>;
    lark?: boolean;
    /** Worker settings over the test defaults (fast polls, short backoffs). */
    outbox?: { maxAttempts?: number; concurrency?: number };
  } = {},
) {
  const slack: FakeSlack = await startFakeSlack();
  const lark: FakeLark | undefined = options.lark ? await startFakeLark() : undefined;
  const testDb = await createTestDatabase();
  // Inert until a test arms it: see interleave.ts.
  const { db: heldDb, interleave } = interleaving(testDb.database.db);
  const clock = options.clock ?? new TestClock(new Date());
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DEFAULT_TIMEZONE: 'Asia/Shanghai',
    DEFAULT_LOCALE: 'en',
    ...(lark
      ? {
          LARK_APP_ID: FAKE_LARK_APP_ID,
          LARK_APP_SECRET: FAKE_LARK_APP_SECRET,
          LARK_ENCRYPT_KEY,
          LARK_VERIFICATION_TOKEN: DEFAULT_LARK_VERIFICATION_TOKEN,
          LARK_DOMAIN: lark.url,
        }
      : {}),
    ...options.env,
  });
  const service: Service = await startService({
    config,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    clock,
    database: { ...testDb.database, db: heldDb },
    scheduler: false,
    outbox: { pollMs: 50, baseBackoffMs: 100, maxBackoffMs: 400, ...options.outbox },
  });
  const db: Db = service.deps.db;

  async function makeMember(spec: MemberSpec = {}) {
    counter++;
    const [row] = await db
      .insert(members)
      .values({
        platform: spec.platform ?? 'slack',
        userId:
          spec.userId ?? `U${String(counter).padStart(4, '0')}${randomUUID().slice(0, 4).toUpperCase()}`,
        name: spec.name ?? `Member ${counter}`,
        role: spec.role ?? 'rep',
        managerId: spec.managerId ?? null,
        locale: spec.locale ?? null,
        timezone: spec.timezone ?? null,
      })
      .returning();
    return row!;
  }

  async function makeCustomer(spec: CustomerSpec) {
    const [row] = await db
      .insert(customers)
      .values({
        name: spec.name,
        nameKey: normalizeName(spec.name),
        tier: spec.tier ?? 'B',
        status: spec.status ?? 'active',
        ownerId: spec.ownerId,
        assignedOn: '2026-01-01',
      })
      .returning();
    return row!;
  }

  /** rep → supervisor → director: the reporting line most tests need. */
  async function makeTeam(locale: string | null = null) {
    const director = await makeMember({ role: 'director', name: 'Dana Director', locale });
    const supervisor = await makeMember({
      role: 'supervisor',
      name: 'Sam Supervisor',
      managerId: director.id,
      locale,
    });
    const rep = await makeMember({ role: 'rep', name: 'Riley Rep', managerId: supervisor.id, locale });
    const other = await makeMember({ role: 'rep', name: 'Olive Other', managerId: supervisor.id, locale });
    return { director, supervisor, rep, other };
  }

  let triggerSeq = 0;
  const post = (body: string, headers?: Record<string, string>): Promise<ServiceResponse> =>
    postToService(service.url, '/slack/events', body, {
      secret: SIGNING_SECRET,
      ...(headers ? { headers } : {}),
    });

  /** Types a slash command as `userId`; returns the HTTP answer (the private reply is in its body). */
  async function command(userId: string, name: string, text: string, extra: { triggerId?: string } = {}) {
    const triggerId = extra.triggerId ?? `trigger-${++triggerSeq}-${randomUUID().slice(0, 6)}`;
    const body = slashCommand({
      command: name,
      text,
      userId,
      triggerId,
      responseUrl: slack.responseUrl(`cmd-${triggerId}`),
    });
    const response = await post(body);
    return {
      status: response.status,
      body: response.text ? response.json<SlackReply>() : ({} as SlackReply),
      triggerId,
      raw: response,
    };
  }

  async function click(
    userId: string,
    actionId: string,
    value: string,
    where: { channelId?: string; messageTs?: string; isEphemeral?: boolean } = {},
  ) {
    const tag = `click-${++triggerSeq}`;
    const body = blockAction({
      userId,
      actionId,
      value,
      channelId: where.channelId ?? 'C1',
      messageTs: where.messageTs ?? `1700000000.${String(triggerSeq).padStart(6, '0')}`,
      responseUrl: slack.responseUrl(tag),
      triggerId: `trigger-${tag}`,
      ...(where.isEphemeral ? { isEphemeral: true } : {}),
    });
    const response = await post(body);
    return { status: response.status, tag, triggerId: `trigger-${tag}` };
  }

  /** Chooses a person in a users_select (the reassign picker of the team digest). */
  /** Picks a person in a select: a users_select (any workspace user) or a static_select of given people. */
  async function pickUser(
    userId: string,
    actionId: string,
    blockId: string,
    selectedUser: string,
    kind: 'users_select' | 'static_select' = 'users_select',
  ) {
    const tag = `pick-${++triggerSeq}`;
    const payload = blockActionPayload({
      userId,
      actionId,
      blockId,
      channelId: `D${userId}`,
      messageTs: `1700000001.${String(triggerSeq).padStart(6, '0')}`,
      responseUrl: slack.responseUrl(tag),
    });
    const [action] = payload.actions as Record<string, unknown>[];
    delete action!.text;
    delete action!.value;
    Object.assign(
      action!,
      kind === 'users_select'
        ? { type: 'users_select', selected_user: selectedUser, initial_user: null }
        : {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: selectedUser }, value: selectedUser },
          },
    );
    const response = await post(interactionBody(payload));
    return { status: response.status, tag };
  }

  /**
   * A Lark user sends the bot a text message (signed and encrypted, as Lark does). `mentions` are
   * the people its `@_user_N` placeholders stand for; `inGroup` sends it in a group, where the bot
   * is mentioned first (`@_user_1`) and the others follow (`@_user_2`, …).
   */
  async function larkSay(
    openId: string,
    text: string,
    extra: { eventId?: string; mentions?: MentionInput[]; inGroup?: boolean } = {},
  ) {
    const common = { senderOpenId: openId, text, ...(extra.eventId ? { eventId: extra.eventId } : {}) };
    const body = extra.inGroup
      ? botMentionEvent({ ...common, otherMentions: extra.mentions ?? [] })
      : messageReceiveEvent({ ...common, ...(extra.mentions ? { mentions: extra.mentions } : {}) });
    return postToLark(service.url, '/lark/events', body, { encryptKey: LARK_ENCRYPT_KEY, encrypt: true });
  }

  /** A Lark user clicks a card element (or submits a card form). */
  async function larkClick(
    openId: string,
    messageId: string,
    value: Record<string, unknown>,
    extra: { formValue?: Record<string, unknown>; option?: string; callbackToken?: string } = {},
  ) {
    const body = cardActionEvent({
      operatorOpenId: openId,
      messageId,
      value,
      ...(extra.formValue ? { formValue: extra.formValue } : {}),
      ...(extra.option ? { option: extra.option, tag: 'select_person' } : {}),
      ...(extra.callbackToken ? { callbackToken: extra.callbackToken } : {}),
    });
    return postToLark(service.url, '/lark/card', body, { encryptKey: LARK_ENCRYPT_KEY });
  }

  /** Moves the clock and runs one scheduler tick, then lets the outbox deliver. */
  async function tick(at: string) {
    clock.set(at);
    await service.scheduler.tick();
    await settle();
  }

  async function submit(
    userId: string,
    callbackId: string,
    values: StateValues,
    extra: { privateMetadata?: string; viewId?: string } = {},
  ) {
    const body = viewSubmission({
      userId,
      callbackId,
      values,
      ...(extra.privateMetadata ? { privateMetadata: extra.privateMetadata } : {}),
      ...(extra.viewId ? { viewId: extra.viewId } : {}),
    });
    const response = await post(body);
    return { status: response.status, body: response.text ? response.json<Record<string, unknown>>() : {} };
  }

  async function suggest(userId: string, query: string) {
    const response = await post(
      blockSuggestion({ userId, actionId: 'customer', blockId: 'customer', value: query }),
    );
    return response.json<{ options: { text: { text: string }; value: string }[] }>();
  }

  /** Waits until the outbox has delivered (or given up on) everything that is due. */
  async function settle(timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await service.idle();
      await service.outbox.drain();
      const pending = await db
        .select({ key: outboxTable.key })
        .from(outboxTable)
        .where(eq(outboxTable.status, 'pending'));
      if (pending.length === 0) return;
      if (Date.now() > deadline)
        throw new Error(`outbox still pending: ${pending.map((p) => p.key).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Queues outbox items as a use case does, wakes the worker, and waits until they are delivered. */
  async function deliver(items: OutboxItem[], timeoutMs = 10_000) {
    await enqueue(db, items);
    service.outbox.kick();
    await settle(timeoutMs);
  }

  return {
    service,
    /** Set on real Postgres: lets a test start a second instance on the same database. */
    databaseUrl: testDb.url,
    slack,
    clock,
    db,
    post,
    makeMember,
    makeCustomer,
    makeTeam,
    command,
    click,
    submit,
    suggest,
    settle,
    deliver,
    pickUser,
    tick,
    lark,
    /** Forces a use case's read and its lock apart (stale-snapshot tests). */
    interleave,
    larkSay,
    larkClick,
    async stop() {
      await service.stop();
      await slack.stop();
      await lark?.stop();
      await testDb.drop();
    },
  };
}

import { outbox as outboxTable } from '../../src/db/schema.ts';

export type SlackReply = {
  response_type?: string;
  text: string;
  blocks?: { type: string; [key: string]: unknown }[];
};

/** All visible text of a Block Kit reply, for assertions a user would make by reading it. */
export function replyText(reply: { text?: string; blocks?: unknown[] }): string {
  return JSON.stringify(reply.blocks ?? []).length > 2 ? collectText(reply.blocks) : (reply.text ?? '');
}

function collectText(node: unknown): string {
  if (typeof node === 'string') return '';
  if (Array.isArray(node)) return node.map(collectText).filter(Boolean).join('\n');
  if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const own = typeof record.text === 'string' ? record.text : '';
    const nested = Object.entries(record)
      .filter(([key]) => key !== 'text' || typeof record.text !== 'string')
      .map(([, value]) => collectText(value))
      .filter(Boolean)
      .join('\n');
    return [own, nested].filter(Boolean).join('\n');
  }
  return '';
}

/** Buttons of a Block Kit message with their action ids and values. */
export function buttonsOf(
  blocks: unknown[] | undefined,
): { actionId: string; value: string; text: string }[] {
  const buttons: { actionId: string; value: string; text: string }[] = [];
  for (const block of (blocks ?? []) as {
    type: string;
    elements?: { type: string; action_id: string; value: string; text: { text: string } }[];
  }[]) {
    if (block.type !== 'actions') continue;
    for (const element of block.elements ?? []) {
      if (element.type === 'button')
        buttons.push({ actionId: element.action_id, value: element.value, text: element.text.text });
    }
  }
  return buttons;
}
