/**
 * The tables of delivery: what is queued to the chat platforms, which inbound deliveries were
 * handled, and where Lark approval cards go. Part of the schema (re-exported by schema.ts).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Natural key of the notification: the same event never queues two messages. */
    key: text('key').notNull(),
    platform: text('platform').notNull(),
    target: jsonb('target').notNull(),
    message: jsonb('message').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Which claim holds the row: a worker re-checks it before each send, so a lease that ran out is not sent twice. */
    claimToken: text('claim_token'),
    lastError: text('last_error'),
    /** Where the platform put the message (Slack channel + ts, Lark message_id). */
    ref: jsonb('ref'),
    /** The inbound request that queued it (Slack trigger_id, Lark event_id, …): one id across the logs. */
    requestId: text('request_id'),
    /**
     * Where the message lands (a DM, a group, the thread's conversation), as one key: a row waits
     * while an older row of its conversation is still pending, so each conversation reads in order.
     */
    conversation: text('conversation'),
    /**
     * Set as a send begins, cleared when its outcome is recorded: still set when the row is claimed
     * again means an earlier attempt may have landed (the process died during the call).
     */
    attemptStartedAt: timestamp('attempt_started_at', { withTimezone: true }),
    /**
     * The outbox keys of messages this one waits for: those it links to (a permalink), the message
     * an update changes, the updates a thread reply was queued with (app/outbox.ts). It is not
     * claimed while one of them is still pending, instead of being claimed and handed back until
     * they are sent. Null on rows queued before migration 0017: the notifier still waits for those.
     */
    waitsFor: text('waits_for').array(),
    /**
     * An answer (the answers lane) found waiting when a claim walked past it: the id of the pending
     * row it waits for (the one before it in its conversation, else a message it links to). Held
     * rows are out of the lane's walk until that row is delivered or given up, when a trigger clears
     * the mark (migration 0021), so a backlog of waiting answers is read once, not by every claim.
     */
    heldBehind: bigint('held_behind', { mode: 'number' }),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_key').on(t.key),
    index('outbox_pending_conversation').on(t.conversation, t.id).where(sql`status = 'pending'`),
    // Claims (jobs/outbox-rows.ts) walk the pending rows in order, not every row the outbox has
    // kept since its retention last ran; the answers lane's only the answers to clicks, however
    // long the morning's backlog of posts.
    index('outbox_pending').on(t.id).where(sql`status = 'pending'`),
    index('outbox_pending_answers')
      .on(t.id)
      .where(
        sql`status = 'pending' and held_behind is null and (target ->> 'type') in ('update', 'response_url')`,
      ),
    // The rows a delivered one held back (the release trigger finds them here).
    index('outbox_held_behind').on(t.heldBehind).where(sql`held_behind is not null`),
  ],
);

/** Platform deliveries already handled (Lark event ids, card tokens): a redelivery, even after a restart, is a no-op. */
export const inboundEvents = pgTable('inbound_events', {
  key: text('key').primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The Lark group chat the bot created for a set of members (open_ids, sorted, comma-joined): the
 * approval cards of that rep and approver all go there, across restarts and instances.
 */
export const larkGroupChats = pgTable('lark_group_chats', {
  members: text('members').primaryKey(),
  chatId: text('chat_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
