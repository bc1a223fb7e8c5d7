/**
 * Prospects from chat (docs/domain.md, "Prospects from chat"): a rep adds a customer of their own,
 * tier D unless they say otherwise, first due on their next working day. The name is checked
 * against every customer first: the same name is refused, a close one is offered instead, and a
 * customer the rep may not see is never described — only said to exist.
 */
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { customers, members } from '../../db/schema.ts';
import { type ProspectInput, parseProspect } from '../../domain/customer-add.ts';
import { normalizeName } from '../../domain/customer-match.ts';
import type { Token } from '../../domain/grammar.ts';
import { TIERS } from '../../domain/vocabulary.ts';
import { catalog, errorText } from '../../messages/i18n/index.ts';
import type { Block, Message } from '../../messages/model.ts';
import { audit } from '../audit.ts';
import type { Actor, AppDeps } from '../context.ts';
import { findMember, type Member, visibleOwnerIds } from '../members/members.ts';
import { calendarOf, loadSettings } from '../members/team-settings.ts';
import { errorMessage, notMemberMessage } from '../replies.ts';
import { transaction } from '../transaction.ts';
import { customerCard } from './customer-card.ts';
import type { Customer } from './find-customer.ts';
import { firstDueDate } from './first-due.ts';
import { nameMatches } from './name-matches.ts';

/** Close names listed with "Use this one"; more would be a list to read, not a choice. */
const NEAR_SHOWN = 5;

/**
 * What adding a name came to. `refused` carries the sentence a form shows under the name field;
 * `choose` lists close customers with Use this one / Create anyway; `created` is the new card.
 */
export type ProspectOutcome =
  | { kind: 'refused'; reason: string; message: Message }
  | { kind: 'choose' | 'created'; message: Message };

/** `/customer add <name> [tier:X]`: the tokens after the add word. */
export async function addProspectCommand(deps: AppDeps, member: Member, args: Token[]): Promise<Message> {
  const parsed = parseProspect(args);
  if (!parsed.ok) return errorMessage(member, parsed.error);
  return (await proposeProspect(deps, member, parsed.value, false)).message;
}

/** The value of a Create anyway button: the name and tier as the rep gave them. */
const anywaySchema = z.object({ n: z.string().min(1).max(200), t: z.enum(TIERS) });

/** Create anyway: close names were shown and the rep still means a new customer. */
export async function createProspectAnyway(deps: AppDeps, actor: Actor, value: string): Promise<Message> {
  const member = await findMember(deps, actor);
  if (!member) return notMemberMessage(deps, actor);
  let input: z.infer<typeof anywaySchema>;
  try {
    input = anywaySchema.parse(JSON.parse(value));
  } catch {
    return errorMessage(member, { code: 'request_not_found' });
  }
  return (await proposeProspect(deps, member, { name: input.n, tier: input.t }, true)).message;
}

/**
 * Checks the name, then creates the prospect unless a customer of that name exists (refused) or,
 * when not `anyway`, close names exist (offered first). An exact duplicate is refused even after
 * Create anyway: the name is the customer's key, shared with the CSV import.
 */
export async function proposeProspect(
  deps: AppDeps,
  member: Member,
  input: ProspectInput,
  anyway: boolean,
): Promise<ProspectOutcome> {
  const matches = await nameMatches(deps.db, input.name);
  const owners = await visibleOwnerIds(deps.db, member);
  const maySee = (customer: Customer) => owners === 'all' || owners.includes(customer.ownerId);
  if (matches.exact && anyway && isJustAddedBy(deps, member, matches.exact)) {
    // A second click of Create anyway (or Slack's retry) arriving after the first created it: the
    // answer the first click would give, not "already exists" for what the member just added.
    return createdAnswer(deps, member, matches.exact);
  }
  if (matches.exact) return refusedAsDuplicate(deps, member, matches.exact, maySee(matches.exact));
  if (!anyway && matches.near.length > 0) {
    return { kind: 'choose', message: await chooser(deps, member, input, matches.near, maySee) };
  }
  return createProspect(deps, member, input);
}

async function refusedAsDuplicate(
  deps: AppDeps,
  member: Member,
  existing: Customer,
  visible: boolean,
): Promise<ProspectOutcome> {
  if (!visible) {
    const reason = errorText(member.lang, { code: 'prospect_exists_elsewhere' });
    return { kind: 'refused', reason, message: errorMessage(member, { code: 'prospect_exists_elsewhere' }) };
  }
  const reason = errorText(member.lang, { code: 'prospect_exists', params: { name: existing.name } });
  const card = await customerCard(deps, member, existing);
  return {
    kind: 'refused',
    reason,
    message: { text: reason, blocks: [{ type: 'text', text: reason }, ...card.blocks] },
  };
}

/** Close customers the member may see, by name with Use this one; the others only said to exist. */
async function chooser(
  deps: AppDeps,
  member: Member,
  input: ProspectInput,
  near: Customer[],
  maySee: (customer: Customer) => boolean,
): Promise<Message> {
  const c = catalog(member.lang);
  const t = c.prospect;
  const shown = near.filter(maySee).slice(0, NEAR_SHOWN);
  const ownerNames = await ownerNamesOf(deps, shown);
  const blocks: Block[] = [{ type: 'text', text: t.near({ name: input.name }) }];
  for (const customer of shown) {
    blocks.push(
      {
        type: 'text',
        text: t.nearLine({
          name: customer.name,
          tier: customer.tier,
          status: c.statuses[customer.status] ?? customer.status,
          owner: ownerNames.get(customer.ownerId) ?? c.customer.none,
        }),
      },
      {
        type: 'actions',
        buttons: [
          {
            actionId: 'customer.pick',
            label: t.useThis,
            // The pick button of every chooser: it shows the card (commands/resume.ts).
            value: JSON.stringify({ cmd: 'customer', id: customer.id, rest: '' }),
          },
        ],
      },
    );
  }
  if (near.some((customer) => !maySee(customer))) blocks.push({ type: 'context', text: t.elsewhere });
  blocks.push({
    type: 'actions',
    buttons: [
      {
        actionId: 'prospect.create',
        label: t.createAnyway({ name: shorten(input.name, 40) }),
        value: JSON.stringify({ n: input.name, t: input.tier }),
      },
    ],
  });
  return { text: t.near({ name: input.name }), blocks };
}

/** Button labels are short (Slack cuts them at 75 characters). */
function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

async function ownerNamesOf(deps: AppDeps, shown: Customer[]): Promise<Map<number, string>> {
  const ids = [...new Set(shown.map((customer) => customer.ownerId))];
  if (ids.length === 0) return new Map();
  const rows = await deps.db
    .select({ id: members.id, name: members.name })
    .from(members)
    .where(inArray(members.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Inserts the prospect, owned by the member, first due on their next working day in their own zone
 * (README, "Follow-ups"), with its audit row. The unique name key settles a race with an import or a
 * second click: the loser is told the customer exists.
 */
async function createProspect(deps: AppDeps, member: Member, input: ProspectInput): Promise<ProspectOutcome> {
  const now = deps.clock.now();
  const { assignedOn, due } = firstDueDate(member.zone, now, calendarOf(await loadSettings(deps.db)));
  const created = await transaction(deps.db, async (tx) => {
    const [row] = await tx
      .insert(customers)
      .values({
        name: input.name,
        nameKey: normalizeName(input.name),
        tier: input.tier,
        status: 'prospect',
        ownerId: member.id,
        nextFollowUpOn: due,
        assignedOn,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: customers.nameKey })
      .returning();
    if (!row) return undefined;
    await audit(tx, [
      {
        at: now,
        actorId: member.id,
        action: 'customer.created',
        entity: 'customer',
        entityId: row.id,
        after: { name: row.name, tier: row.tier, status: row.status, ownerId: row.ownerId, due },
      },
    ]);
    return row as Customer;
  });
  if (!created) {
    const { exact } = await nameMatches(deps.db, input.name);
    if (exact) {
      const owners = await visibleOwnerIds(deps.db, member);
      return refusedAsDuplicate(deps, member, exact, owners === 'all' || owners.includes(exact.ownerId));
    }
    // Taken and gone again between two statements: say so rather than guess.
    const reason = errorText(member.lang, { code: 'internal' });
    return { kind: 'refused', reason, message: errorMessage(member, { code: 'internal' }) };
  }
  return createdAnswer(deps, member, created);
}

/** How long a prospect counts as "just added" by its owner, for a repeated click. */
const JUST_ADDED_MS = 10 * 60_000;

function isJustAddedBy(deps: AppDeps, member: Member, customer: Customer): boolean {
  const age = deps.clock.now().getTime() - customer.createdAt.getTime();
  return customer.ownerId === member.id && customer.status === 'prospect' && age >= 0 && age < JUST_ADDED_MS;
}

async function createdAnswer(deps: AppDeps, member: Member, created: Customer): Promise<ProspectOutcome> {
  const due = created.nextFollowUpOn ?? created.assignedOn;
  const text = catalog(member.lang).prospect.created({ name: created.name, tier: created.tier, due });
  const card = await customerCard(deps, member, created);
  return { kind: 'created', message: { text, blocks: [{ type: 'text', text }, ...card.blocks] } };
}
