/**
 * A discount request filed in two statements (docs/architecture.md, "One round trip"): one finds
 * the customer and reads everything the deal rules and the approval message need, as of one moment,
 * with the customer's `discounts_version` and the deal's pending requests as `loadRequest` loads
 * them; TypeScript routes the request and draws its messages (and, for a request it replaces, what
 * closing that one changes in chat); the second writes the request, its steps, audit entries,
 * messages and home redraws, and closes the requests it replaces — only if the version is still the
 * one read (taken with the customer's row lock, so two filings for one customer cannot both pass),
 * the replaced requests are still as read (under their locks), and the member's cached copy is still
 * current. Otherwise it writes nothing and the caller takes the step-by-step path (file-discount.ts).
 *
 * Kept equal to that path (find-customer.ts `resolveCustomer`, deal-history.ts, approval-routing.ts `recentDiscounts`, members.ts
 * `managerOf`, home-refresh.ts `redrawHomes`, approval-request.ts `loadRequest`) by
 * tests/discounts/discount-statement.test.ts.
 */
import { type Statement, statement } from '../../db/statement.ts';
import { homeRedrawsInsert } from '../home/home-refresh.ts';
import type { Reach } from '../members/reach.ts';
import { RECENT_SHOWN } from './approval-routing.ts';

/** As find-customer.ts `candidatesFor`: the first 200 names in name order are all matching looks at. */
const CANDIDATE_LIMIT = 200;

/**
 * The owners whose customers the requester sees (members/reach.ts), as the CTE `owner(id)`. One
 * text per reach, not a branch on the role inside one text: Postgres plans a prepared statement for
 * each call's values (a custom plan, about 1 ms for this one) until the generic plan — planned once
 * per connection — is estimated to cost no more, and the team's recursion and the admin's scan of every customer, dead
 * branches for a rep, kept that estimate far above. A rep's filing (most of them) now runs the generic
 * plan from its sixth call (tests/discounts/filing-plans.test.ts); a team's or an admin's stays
 * custom-planned, which finds the name through the index of names. Every text still reads $2 (the
 * role): a parameter no text mentions has no type.
 */
const OWNERS: Record<Reach, string> = {
  own: `owner(id) as (select $1::text::int where $2::text = 'rep')`,
  team: `team(id) as (
  select $1::text::int where $2::text not in ('admin', 'rep')
  union
  select m.id from members m join team on m.manager_id = team.id
),
owner(id) as (select id from team)`,
  all: `owner(id) as (select null::int where $2::text = 'admin')`,
};

/**
 * The condition on a customer's owner. A rep's is one owner, written as one: the generic plan then
 * expects a rep's twenty-odd customers, as a plan for the call's values does, where `= any (array(…))`
 * made it expect two hundred — dearer than planning each call, so Postgres kept planning each call.
 */
const OWNED: Record<Reach, string> = {
  own: ' and c.owner_id = (select id from owner)',
  team: ' and c.owner_id = any (array(select id from owner))',
  all: '',
};

/** The requester's customers the name could be (by its first word, or the whole text begins it). */
const candidates = (reach: Reach) => `
    select c.* from customers c
    where $3::text is null${OWNED[reach]}
      and (starts_with(c.name_key, $4) or starts_with($5, c.name_key))`;

/**
 * $1 requester id, $2 requester's role (whose customers they see: the text's reach), $3 the
 * customer picked from buttons (or null: named), $4 the name's first word and $5 the whole
 * text, normalized (which names are candidates), $6 the name typed, normalized (customer-match.ts
 * `typedName`), $7 requester's manager id (or null), $8 approvals remembered since (or null: not
 * remembered), $9 rejections remembered since (or null), $10 automatic approvals counted since,
 * $11 recent requests shown since, $12 the deal's reference (or null), $13 its amount (or null),
 * $14 whether the cut needs two levels of approval.
 *
 * No row when the customer is not one name among those the requester sees (none, several): the
 * full path answers with suggestions or buttons.
 */
const filingContext = (reach: Reach) =>
  statement(`
with recursive
${OWNERS[reach]},
candidate as (
  select * from (${candidates(reach)}
  ) visible
  order by name_key
  limit ${CANDIDATE_LIMIT}
),
named as (select * from candidate where starts_with(name_key, $6)),
-- matchCustomer for a whole name: the exact name, else the only name it begins.
chosen as (
  select * from named where name_key = $6
  union all
  select * from named where not exists (select 1 from named where name_key = $6) and (select count(*) from named) = 1
  union all
  select c.* from customers c
  where c.id = $3::text::int${OWNED[reach]}
  -- One row at most (a unique name, the only one, or the id picked), and said so: counting three,
  -- the generic plan looked dearer than planning each call, which Postgres then kept doing.
  limit 1
)
select to_jsonb(c) as customer, jsonb_build_object(
  'version', c.discounts_version,
  'pending', (
    select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'customerId', r.customer_id,
      'dealRef', r.deal_ref, 'amount', r.amount) order by r.id), '[]'::jsonb)
    from discount_requests r where r.customer_id = c.id and r.status = 'pending'),
  -- The same requests as approval-request.ts loadRequest loads them: a new one on their deal
  -- replaces them and redraws their messages.
  'pendingLoaded', (
    select coalesce(jsonb_agg(jsonb_build_object(
      'request', to_jsonb(r),
      'requester', (select to_jsonb(m) from members m where m.id = r.requester_id),
      'steps', (select coalesce(jsonb_agg(jsonb_build_object(
          'step', to_jsonb(s),
          'approver', (select to_jsonb(m) from members m where m.id = s.approver_id),
          'decidedBy', (select to_jsonb(m) from members m where m.id = s.decided_by_id),
          'onBehalfOf', (select to_jsonb(m) from members m where m.id = s.on_behalf_of_id),
          'escalatedTo', (select to_jsonb(m) from members m where m.id = s.escalated_to_id)
        ) order by s.step_no), '[]'::jsonb)
        from approval_steps s where s.request_id = r.id)
    ) order by r.id), '[]'::jsonb)
    from discount_requests r where r.customer_id = c.id and r.status = 'pending'),
  'earlier', (
    select coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'customerId', r.customer_id,
      'dealRef', r.deal_ref, 'amount', r.amount, 'status', r.status, 'percent', r.percent,
      'granted', r.granted_percent, 'decidedAt', r.decided_at,
      'deciderId', (select s.decided_by_id from approval_steps s
        where s.request_id = r.id and s.status in ('approved', 'rejected') order by s.step_no desc limit 1),
      'decider', (select m.name from approval_steps s join members m on m.id = s.decided_by_id
        where s.request_id = r.id and s.status in ('approved', 'rejected') order by s.step_no desc limit 1),
      'note', (select s.note from approval_steps s
        where s.request_id = r.id and s.status = 'rejected' order by s.step_no desc limit 1)
    ) order by r.id), '[]'::jsonb)
    from discount_requests r
    where r.customer_id = c.id and (
      (r.status in ('approved', 'auto_approved') and r.decided_at >= $8::text::timestamptz)
      or (r.status = 'rejected' and r.decided_at >= $9::text::timestamptz))),
  'autoUsed', (
    select count(*) from discount_requests r
    where r.customer_id = c.id and r.requester_id = $1::text::int and r.status = 'auto_approved'
      and r.auto_basis = 'policy' and r.decided_at >= $10::text::timestamptz),
  'recent', (
    select coalesce(jsonb_agg(jsonb_build_object('id', id, 'createdAt', created_at, 'percent', percent,
      'status', status) order by created_at desc), '[]'::jsonb)
    from (select id, created_at, percent, status from discount_requests
      where customer_id = c.id and created_at >= $11::text::timestamptz
      order by created_at desc limit ${RECENT_SHOWN}) recent),
  'manager', (select to_jsonb(m) from members m where m.id = $7::text::int),
  'second', (select to_jsonb(s) from members m join members s on s.id = m.manager_id where m.id = $7::text::int),
  -- The request's number now: its messages name it and link to it before it is written. Taken only
  -- when this path will most likely file it, so the full path's cases leave no gap in the numbers:
  -- not when the deal has a rejection to send back, nor without the manager (and theirs, for a cut
  -- past the manager's limit) to ask.
  'requestId', case when $7 is not null
      and exists (select 1 from members m where m.id = $7::text::int and m.active)
      and ($14::text::boolean is not true or exists (
        select 1 from members m join members s on s.id = m.manager_id
        where m.id = $7::text::int and s.active))
      and not exists (
        select 1 from discount_requests r
        where r.customer_id = c.id
          and r.status = 'rejected' and r.decided_at >= $9::text::timestamptz
          -- sameDeal (src/domain/deal-rules.ts): the same reference, else amounts that do not differ.
          and case when $12::text is not null or r.deal_ref is not null
            then lower(r.deal_ref) is not distinct from lower($12::text)
            else $13::text is null or r.amount is null or r.amount = $13::text::numeric end)
    then nextval(pg_get_serial_sequence('discount_requests', 'id')) end
) as context
from chosen c`);

/** The statement for each reach (see OWNERS). */
export const FILING_CONTEXT: Record<Reach, Statement> = {
  own: filingContext('own'),
  team: filingContext('team'),
  all: filingContext('all'),
};

/**
 * $1 customer id, $2 discounts_version read, $3 requester id, $4 requester's cached version,
 * $5 the request (json, column names), $6 its steps, $7 its audit entries, $8 its messages (outbox
 * rows), $9 whose homes to redraw (json ids), $10 request id of the inbound command, $11 the deal's
 * pending requests it replaces as read (json: id, current_step), $12 their steps as read (json:
 * request_id, step_no, status, approver_id, message_key, escalated_to_id), $13 when it was filed.
 *
 * The requests it replaces are locked after the customer (as a replacing filing on the full path
 * locks them: no deadlock between the two) and must still be as read — pending, at the same step,
 * their steps unchanged (approval-request.ts `fingerprintOf`): a decision, an escalation or a
 * counter-offer since makes the statement write nothing, and the full path take over.
 */
export const FILE_REQUEST = statement(`
with guard as (
  select c.id from customers c
  where c.id = $1::text::int and c.discounts_version = $2::text::int
    and exists (select 1 from members m where m.id = $3::text::int and m.active and m.version = $4::text::int)
  for update of c
),
replacing as (
  select r.id from guard
  join discount_requests r on r.customer_id = guard.id
  join jsonb_to_recordset($11::text::jsonb) as e(id int, current_step int)
    on r.id = e.id and r.current_step = e.current_step
  where r.status = 'pending'
  for update of r
),
replacing_steps as (
  select s.id from replacing
  join approval_steps s on s.request_id = replacing.id
  join jsonb_to_recordset($12::text::jsonb)
    as e(request_id int, step_no int, status text, approver_id int, message_key text, escalated_to_id int)
    on s.request_id = e.request_id and s.step_no = e.step_no and s.status = e.status
      and s.approver_id = e.approver_id and s.message_key is not distinct from e.message_key
      and s.escalated_to_id is not distinct from e.escalated_to_id
  for update of s
),
passed as (
  select guard.id from guard
  where (select count(*) from replacing) = jsonb_array_length($11::text::jsonb)
    and (select count(*) from replacing_steps) = jsonb_array_length($12::text::jsonb)
    and (select count(*) from approval_steps s where s.request_id in (select id from replacing))
      = jsonb_array_length($12::text::jsonb)
),
request as (
  insert into discount_requests (id, customer_id, requester_id, percent, amount, reason, justification,
    deal_ref, status, current_step, source_key, created_at, decided_at, granted_percent, auto_basis)
  select r.id, r.customer_id, r.requester_id, r.percent, r.amount, r.reason, r.justification,
    r.deal_ref, r.status, r.current_step, r.source_key, r.created_at, r.decided_at, r.granted_percent,
    r.auto_basis
  from passed, jsonb_populate_record(null::discount_requests, $5::text::jsonb) r
  on conflict (source_key) do nothing
  returning id
),
superseded as (
  update discount_requests d set status = 'superseded', superseded_by_id = request.id,
    decided_at = $13::text::timestamptz
  from request where d.id in (select id from replacing)
  returning d.id
),
cancelled as (
  update approval_steps s set status = 'cancelled'
  from superseded where s.request_id = superseded.id and s.status in ('pending', 'waiting')
),
audited as (
  insert into audit_log (at, actor_id, action, entity, entity_id, before, after)
  select a.at, a.actor_id, a.action, a.entity, a.entity_id, a.before, a.after
  from request, jsonb_populate_recordset(null::audit_log, $7::text::jsonb) a
),
steps as (
  insert into approval_steps (request_id, step_no, approver_id, on_behalf_of_id, status, message_key,
    pending_since)
  select s.request_id, s.step_no, s.approver_id, s.on_behalf_of_id, s.status, s.message_key, s.pending_since
  from request, jsonb_populate_recordset(null::approval_steps, $6::text::jsonb) s
),
queued as (
  insert into outbox (key, platform, target, message, request_id, conversation, waits_for)
  select o.key, o.platform, o.target, o.message, $10,
    -- As outbox.ts enqueue: a thread reply to a message queued before goes in its conversation.
    case when o.target ->> 'type' = 'thread' and not exists (
        select 1 from jsonb_array_elements($8::text::jsonb) b where b ->> 'key' = o.target ->> 'parentKey')
      then coalesce((select p.conversation from outbox p where p.key = o.target ->> 'parentKey'), o.conversation)
      else o.conversation end,
    o.waits_for
  from request, jsonb_populate_recordset(null::outbox, $8::text::jsonb) o
  on conflict (key) do nothing
  returning id
),
homes as (
  -- As redrawHomes, queued after the messages (it reads how many were): shown homes, one per burst.
  ${homeRedrawsInsert({
    from: 'request',
    where: `h.member_id in (select value::int from jsonb_array_elements_text($9::text::jsonb))
      and (select count(*) from queued) >= 0`,
    requestId: '$10',
  })}
)
select (select count(*) from passed)::int as guarded, (select id from request) as id`);
