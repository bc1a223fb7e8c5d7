/**
 * The request mix: real signed slash-command bodies, a fresh trigger_id each, rotating members and
 * customers so requests hit different rows.
 *   70 % `/visit <customer> <notes> next:+7d`
 *   20 % `/discount <customer> 10% on 50000 reason:competitor <text>`  → manager approval (outbox rows)
 *   10 % `/discount <customer> 4% on 50000 reason:competitor <text>`   → auto-approved (report to manager)
 * 90 % of requests come from reps (own 20 customers), 10 % from supervisors (their team's 200).
 */
import { signSlack, slashCommand } from '../../tests/support/slack-requests.ts';
import type { Random } from './random.ts';
import type { SeedCustomer, SeededTeam } from './seed.ts';

export type RequestKind = 'visit' | 'discount-approval' | 'discount-auto';

export type BenchRequest = {
  kind: RequestKind;
  body: string;
  headers: Record<string, string>;
  /** Why the answer is wrong, or undefined when it is what the user should see. */
  check(status: number, body: string): string | undefined;
};

const VISIT_NOTES = [
  'Met procurement about the Q3 renewal, they want a volume quote',
  'Walked the new production line with the plant manager',
  'Lunch with the CFO; budget freeze until October',
  '拜访采购部，讨论明年框架协议',
  'Demoed the reporting module to the finance team',
  '与总经理见面，确认二期项目时间表',
];
const DISCOUNT_TEXT = [
  'matching a competing quote from a local distributor',
  'competitor offered 12% off list last week',
  '竞争对手报价更低，需要跟进',
];

export type Workload = {
  next(): BenchRequest;
  counts: Record<RequestKind, number>;
};

export function createWorkload(options: {
  team: SeededTeam;
  random: Random;
  signingSecret: string;
  responseUrl: string;
  /** The floor only acknowledges: any 200 is right. The service must answer with the confirmation. */
  expectReply: boolean;
  runId: string;
  /** Only this kind of command (a phase that measures one command), else the mix above. */
  only?: RequestKind;
}): Workload {
  const { team, random, signingSecret, responseUrl, expectReply, runId, only } = options;
  let seq = 0;
  const counts: Record<RequestKind, number> = { visit: 0, 'discount-approval': 0, 'discount-auto': 0 };

  const actorAndCustomer = (): { userId: string; customer: SeedCustomer } => {
    const actor = random.next() < 0.9 ? random.pick(team.reps) : random.pick(team.supervisors);
    return { userId: actor.userId, customer: random.pick(actor.customers) };
  };

  return {
    counts,
    next(): BenchRequest {
      seq++;
      const { userId, customer } = actorAndCustomer();
      const roll = random.next();
      const kind: RequestKind =
        only ?? (roll < 0.7 ? 'visit' : roll < 0.9 ? 'discount-approval' : 'discount-auto');
      counts[kind]++;
      const command = kind === 'visit' ? '/visit' : '/discount';
      const text =
        kind === 'visit'
          ? `${customer.name} ${random.pick(VISIT_NOTES)} next:+7d`
          : `${customer.name} ${kind === 'discount-auto' ? 4 : 10}% on 50000 reason:competitor ${random.pick(DISCOUNT_TEXT)}`;
      const body = slashCommand({
        command,
        text,
        userId,
        triggerId: `${runId}.${seq}.${random.int(1e9)}`,
        responseUrl,
      });
      const expected =
        kind === 'visit'
          ? ' logged for '
          : kind === 'discount-approval'
            ? 'for approval'
            : 'Approved automatically';
      return {
        kind,
        body,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
          ...signSlack(signingSecret, body),
        },
        check(status, responseBody) {
          if (status !== 200) return `HTTP ${status}`;
          if (!expectReply) return undefined;
          let reply: unknown;
          try {
            reply = JSON.parse(responseBody);
          } catch {
            return 'reply is not JSON';
          }
          const replyText =
            typeof reply === 'object' && reply !== null && 'text' in reply && typeof reply.text === 'string'
              ? reply.text
              : '';
          if (!replyText.includes(expected) || !replyText.includes(customer.name))
            return `${kind}: unexpected reply "${replyText.slice(0, 120)}"`;
          return undefined;
        },
      };
    },
  };
}
