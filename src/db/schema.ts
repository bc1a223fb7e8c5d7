import {
  type AnyPgColumn,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Team-wide settings (cadence, discount policy…) as one validated JSON document per workspace. */
export const settings = pgTable('settings', {
  workspace: text('workspace').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

export const members = pgTable(
  'members',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    workspace: text('workspace').notNull().default(''),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    managerId: integer('manager_id').references((): AnyPgColumn => members.id),
    /** Set by the admin (CSV); wins over what the chat profile says. */
    timezone: text('timezone'),
    locale: text('locale'),
    /** From the member's chat profile (Slack users.info), refreshed daily. */
    platformTimezone: text('platform_timezone'),
    platformLocale: text('platform_locale'),
    /** Chosen by the member (`/accountdesk language`): wins over the admin's CSV and the profile. */
    chosenLocale: text('chosen_locale'),
    profileSyncedAt: timestamp('profile_synced_at', { withTimezone: true }),
    email: text('email'),
    active: boolean('active').notNull().default(true),
    /** Away (leave, travel) from … until, both local dates inclusive: approvals go to the delegate meanwhile. */
    awayFrom: date('away_from', { mode: 'string' }),
    awayUntil: date('away_until', { mode: 'string' }),
    /** Who decides in their place while away; none set means their own manager. */
    delegateId: integer('delegate_id').references((): AnyPgColumn => members.id),
    /**
     * Bumped by a trigger on every change to the row (migration 0016): a process that keeps a member
     * in memory sends the version it holds with a command, and the statement refuses a stale one.
     */
    version: integer('version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('members_platform_user').on(t.platform, t.userId),
    index('members_manager').on(t.managerId),
  ],
);

export const customers = pgTable(
  'customers',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** Lower-cased, whitespace-collapsed name: the natural key and what matching compares. */
    nameKey: text('name_key').notNull(),
    tier: text('tier').notNull(),
    status: text('status').notNull(),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => members.id),
    stage: text('stage'),
    lastVisitOn: date('last_visit_on', { mode: 'string' }),
    /** Copied from the latest visit so the morning message needs no scan of the visits table. */
    lastVisitSummary: text('last_visit_summary'),
    lastNextStep: text('last_next_step'),
    /** Last visit that moved the PRAM stage, or the day the deal was won: staleness counts from here. */
    lastProgressOn: date('last_progress_on', { mode: 'string' }),
    nextFollowUpOn: date('next_follow_up_on', { mode: 'string' }),
    /** Handed over from a rep who left: the call-back is due this day, and was done (a visit) that day. */
    callbackDueOn: date('callback_due_on', { mode: 'string' }),
    callbackDoneOn: date('callback_done_on', { mode: 'string' }),
    assignedOn: date('assigned_on', { mode: 'string' }).notNull(),
    /**
     * Bumped (by a trigger, migration 0018) whenever a discount request of the customer is filed:
     * a filing read before its write knows from it that no other was filed meanwhile.
     */
    discountsVersion: integer('discounts_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('customers_name_key').on(t.nameKey),
    index('customers_owner').on(t.ownerId),
    index('customers_next_follow_up').on(t.ownerId, t.nextFollowUpOn),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
    id: serial('id').primaryKey(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    name: text('name').notNull(),
    title: text('title'),
    /** MM-DD: a birthday without a year is still a birthday. */
    birthdayMonthDay: text('birthday_month_day'),
    birthYear: integer('birth_year'),
    phone: text('phone'),
    email: text('email'),
    notes: text('notes'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('contacts_customer_name').on(t.customerId, t.name),
    index('contacts_birthday').on(t.birthdayMonthDay),
  ],
);

export const visits = pgTable(
  'visits',
  {
    id: serial('id').primaryKey(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').notNull(),
    stage: text('stage'),
    summary: text('summary').notNull(),
    nextStep: text('next_step'),
    nextFollowUpOn: date('next_follow_up_on', { mode: 'string' }).notNull(),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    /** Platform input that created the row (trigger id, view id): a replay finds it and changes nothing. */
    sourceKey: text('source_key'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('visits_source_key').on(t.sourceKey),
    index('visits_customer').on(t.customerId, t.visitedOn),
    index('visits_member').on(t.memberId, t.visitedOn),
  ],
);

export const discountRequests = pgTable(
  'discount_requests',
  {
    id: serial('id').primaryKey(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    requesterId: integer('requester_id')
      .notNull()
      .references(() => members.id),
    percent: numeric('percent', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    amount: numeric('amount', { precision: 16, scale: 2, mode: 'number' }),
    reason: text('reason').notNull(),
    justification: text('justification').notNull(),
    status: text('status').notNull(),
    currentStep: integer('current_step').notNull().default(0),
    sourceKey: text('source_key'),
    createdAt: createdAt(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Who closed the request without a decision (withdrawn by the requester or an admin), and why. */
    closedById: integer('closed_by_id').references(() => members.id),
    closedNote: text('closed_note'),
    /**
     * The deal the request belongs to: the rep's `deal:<ref>`, else none (the deal is then the
     * customer and the amount, or the customer alone). A new request supersedes the deal's pending one.
     */
    dealRef: text('deal_ref'),
    /** The percent finally granted (approved or auto-approved); null while open or when refused. */
    grantedPercent: numeric('granted_percent', { precision: 5, scale: 2, mode: 'number' }),
    /** Why an automatic approval was automatic: 'policy' (within the rep's band) or 'reapproval' (same cut again). */
    autoBasis: text('auto_basis'),
    /** The later request on the same deal that replaced this pending one. */
    supersededById: integer('superseded_by_id').references((): AnyPgColumn => discountRequests.id),
    /** What the rep first asked for, once an accepted counter-offer changed `percent`; null otherwise. */
    askedPercent: numeric('asked_percent', { precision: 5, scale: 2, mode: 'number' }),
  },
  (t) => [
    uniqueIndex('discount_requests_source_key').on(t.sourceKey),
    index('discount_requests_customer').on(t.customerId, t.createdAt),
    index('discount_requests_requester').on(t.requesterId, t.status),
  ],
);

export const approvalSteps = pgTable(
  'approval_steps',
  {
    id: serial('id').primaryKey(),
    requestId: integer('request_id')
      .notNull()
      .references(() => discountRequests.id),
    stepNo: integer('step_no').notNull(),
    approverId: integer('approver_id')
      .notNull()
      .references(() => members.id),
    /**
     * waiting (a later step not reached yet) → pending → approved | rejected | countered; cancelled
     * when an earlier step rejects or the request is closed. A countered step becomes approved when
     * the rep accepts the counter-offer, and stays countered when they decline it or it expires.
     */
    status: text('status').notNull(),
    decidedById: integer('decided_by_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    note: text('note'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** After too long without a decision, the approver's manager may decide in their place. */
    escalatedToId: integer('escalated_to_id').references(() => members.id),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** Outbox key of the approval message, so updates and thread replies find the posted message. */
    messageKey: text('message_key'),
    pendingSince: timestamp('pending_since', { withTimezone: true }),
    /** The approver was away: this step went to their delegate (approver_id), on this member's behalf. */
    onBehalfOfId: integer('on_behalf_of_id').references(() => members.id),
    /** The approver's counter-offer (decided_by/decided_at/note say who, when and why). */
    counterPercent: numeric('counter_percent', { precision: 5, scale: 2, mode: 'number' }),
    /** The rep's answer to it: accepted | declined | expired, and when. */
    counterAnswer: text('counter_answer'),
    counterAnsweredAt: timestamp('counter_answered_at', { withTimezone: true }),
    /** The rep was reminded of the unanswered counter-offer (once). */
    counterRemindedAt: timestamp('counter_reminded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('approval_steps_request_step').on(t.requestId, t.stepNo),
    index('approval_steps_approver').on(t.approverId, t.status),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: integer('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_entity').on(t.entity, t.entityId)],
);

/** One row per (member, local date, kind): whoever inserts it sends that morning message, exactly once. */
export const digestClaims = pgTable(
  'digest_claims',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('digest_claims_member_day_kind').on(t.memberId, t.localDate, t.kind)],
);

/**
 * Members who have seen their home (README, "Home"): only their homes are redrawn when what they
 * show changes. `cardKey`: on Lark, the outbox key of the latest home card, which is updated in place.
 */
export const homeScreens = pgTable('home_screens', {
  memberId: integer('member_id')
    .primaryKey()
    .references(() => members.id),
  openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  cardKey: text('card_key'),
});

// The delivery tables (outbox, inbound keys, Lark group chats) live beside: one schema, two files.
export { inboundEvents, larkGroupChats, outbox } from './delivery-schema.ts';
