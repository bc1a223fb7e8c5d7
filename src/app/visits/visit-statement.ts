/**
 * `/visit` in one round trip (docs/architecture.md, "One round trip"): one statement checks the
 * member's cached version, finds the customer among those the member may see by matchCustomer's
 * rule (src/domain/customer-match.ts), stores the visit, moves the customer's dates, writes both
 * audit rows and queues the home redraws — or, when anything needs a word with the member (no such
 * customer, several, a stale copy of the member), writes nothing and says which.
 *
 * Kept equal to the full path (log-visit.ts `recordVisit`, find-customer.ts `candidatesFor`,
 * home-refresh.ts `redrawHomes`) by tests/visits/visit-statement.test.ts, which runs both on the same
 * data and compares every row written.
 */

import { type Statement, statement } from '../../db/statement.ts';
import { MAX_NAME_CHARS } from '../../domain/name-readings.ts';
import { homeRedrawsInsert } from '../home/home-refresh.ts';
import type { Reach } from '../members/reach.ts';

/** As candidatesFor: the first 200 names in name order are all matching ever looks at. */
const CANDIDATE_LIMIT = 200;

/** The member, if the copy the command holds is current and of this text's reach. */
const ME: Record<Reach, string> = {
  own: `role = 'rep'`,
  team: `role not in ('rep', 'admin')`,
  all: `role = 'admin'`,
};

/**
 * The member's customers the name could be (by its first word, or the whole text begins it): as
 * visibleOwnerIds, a rep's own, a team's (found through customers_owner), or an admin's all.
 */
const CANDIDATE: Record<Reach, string> = {
  own: `candidate as (
  select c.id, c.name_key from customers c
  where c.owner_id = (select id from me) and (starts_with(c.name_key, $4) or starts_with($5, c.name_key))
  order by c.name_key
  limit ${CANDIDATE_LIMIT}
)`,
  team: `team(id) as (
  select id from me
  union
  select m.id from members m join team on m.manager_id = team.id
),
candidate as (
  select c.id, c.name_key from customers c
  where c.owner_id = any (array(select id from team))
    and (starts_with(c.name_key, $4) or starts_with($5, c.name_key))
  order by c.name_key
  limit ${CANDIDATE_LIMIT}
)`,
  all: `candidate as (
  select c.id, c.name_key from customers c
  where exists (select 1 from me) and (starts_with(c.name_key, $4) or starts_with($5, c.name_key))
  order by c.name_key
  limit ${CANDIDATE_LIMIT}
)`,
};

/**
 * $1 platform, $2 user id, $3 member version, $4 first word, $5 whole text, $6 boundaries (json),
 * $7 prefixes (json), $8 words typed, $9 rests' fields by reading (json), $10 next follow-up by
 * tier (json), $11 visited on, $12 source key, $13 now (service clock), $14 request id.
 */
const logVisit = (reach: Reach) =>
  statement(`
with recursive
me as (
  select id, manager_id from members
  where platform = $1 and user_id = $2 and active and version = $3::text::int and ${ME[reach]}
),
${CANDIDATE[reach]},
whole as (
  select id, char_length(name_key) as length from candidate
  where starts_with($5, name_key)
    and char_length(name_key) in (select value::int from jsonb_array_elements_text($6::text::jsonb))
  order by length desc
  limit 1
),
prefixed as (
  select typed.words::int as words, char_length(typed.prefix) as length, count(*)::int as matches, min(c.id) as id
  from jsonb_array_elements_text($7::text::jsonb) with ordinality as typed(prefix, words)
  join candidate c on starts_with(c.name_key, typed.prefix)
  group by typed.words, typed.prefix
  order by typed.words desc
  limit 1
),
-- matchCustomer: the whole name that explains the most of the text, unless more words begin a
-- name; then that name if it is the only one. A name longer than the readings sent picks nothing.
pick as materialized (
  select coalesce(
    (select jsonb_build_object('reading', 'w:' || whole.length, 'id', whole.id) from whole
      where not exists (select 1 from prefixed where prefixed.length > whole.length)),
    (select jsonb_build_object('reading', 'p:' || words, 'id', id) from prefixed where matches = 1)
  ) as choice
  where not exists (
      select 1 from candidate where starts_with($5, name_key) and char_length(name_key) > ${MAX_NAME_CHARS})
    and not exists (
      select 1 from prefixed where words = jsonb_array_length($7::text::jsonb) and words < $8::text::int)
),
chosen as (
  select (choice ->> 'id')::int as customer_id, choice ->> 'reading' as reading,
    $9::text::jsonb -> (choice ->> 'reading') as fields
  from pick
  where $9::text::jsonb -> (choice ->> 'reading') is not null
),
target as (
  select c.id, c.name, c.tier, c.stage, c.last_visit_on, c.next_follow_up_on, c.last_progress_on
  from customers c join chosen on c.id = chosen.customer_id
  for update of c
),
inserted as (
  insert into visits (customer_id, member_id, kind, stage, summary, next_step, next_follow_up_on,
    visited_on, source_key, created_at)
  select target.id, me.id, fields ->> 'kind', fields ->> 'stage', fields ->> 'summary',
    fields ->> 'nextStep', coalesce((fields ->> 'next')::date, ($10::text::jsonb ->> target.tier)::date),
    $11::text::date, $12, $13::text::timestamptz
  from target, me, chosen
  on conflict (source_key) do nothing
  returning id, stage, summary, next_step, next_follow_up_on
),
moved as (
  -- As recordVisit: from the row as it is now, so a visit, snooze or reassign at the same moment
  -- is not undone. A visit that moves the PRAM stage is progress; it does a hand-over call-back.
  update customers c set
    last_visit_on = greatest(c.last_visit_on, $11::text::date),
    last_visit_summary = inserted.summary,
    last_next_step = inserted.next_step,
    next_follow_up_on = inserted.next_follow_up_on,
    last_progress_on = case when inserted.stage is not null and inserted.stage is distinct from c.stage
      then $11::text::date else c.last_progress_on end,
    stage = coalesce(inserted.stage, c.stage),
    callback_done_on = coalesce(c.callback_done_on,
      case when c.callback_due_on is not null then $11::text::date end),
    updated_at = now()
  from inserted, target
  where c.id = target.id
  returning c.last_visit_on, c.next_follow_up_on, c.stage, c.last_progress_on
),
audited as (
  insert into audit_log (at, actor_id, action, entity, entity_id, before, after)
  select $13::text::timestamptz, me.id, 'visit.logged', 'visit', inserted.id, null,
    chosen.fields || jsonb_build_object('next', inserted.next_follow_up_on)
  from inserted, me, chosen
  union all
  select $13::text::timestamptz, me.id, 'customer.visited', 'customer', target.id,
    jsonb_build_object('lastVisitOn', target.last_visit_on, 'nextFollowUpOn', target.next_follow_up_on,
      'stage', target.stage, 'lastProgressOn', target.last_progress_on),
    (select jsonb_build_object('lastVisitOn', last_visit_on, 'nextFollowUpOn', next_follow_up_on,
      'stage', stage, 'lastProgressOn', last_progress_on) from moved)
  from inserted, me, target
),
homes as (
  -- As redrawHomes: the rep's and their supervisor's homes, if shown, one redraw per burst.
  ${homeRedrawsInsert({ from: 'me, inserted', where: 'h.member_id in (me.id, me.manager_id)', requestId: '$14' })}
)
select jsonb_build_object(
  'member', (select id from me),
  'reading', (select reading from chosen),
  'customer', (select jsonb_build_object('id', id, 'name', name) from target),
  'visit', (select jsonb_build_object('id', id, 'next', next_follow_up_on) from inserted)
) as result`);

/** One text per reach (members/reach.ts); a member of another reach than the text's is refused as stale. */
export const LOG_VISIT: Record<Reach, Statement> = {
  own: logVisit('own'),
  team: logVisit('team'),
  all: logVisit('all'),
};
