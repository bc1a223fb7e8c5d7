/**
 * Context across an approval chain: a later approver sees what the earlier steps decided (who,
 * when, their note, and a link to their discussion), and an earlier approver's message shows how
 * the chain ended.
 */
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import type { Block } from '../../messages/model.ts';
import type { Member } from '../members/members.ts';

export type EarlierStep = {
  stepNo: number;
  outcome: 'approved' | 'rejected';
  by: string;
  at: Date;
  note: string | null;
  /** Outbox key of that step's approval message: its thread is where the step was discussed. */
  messageKey: string;
  /** The step was approved at a counter-offer the rep accepted. */
  counter?: { percent: number; rep: string };
};

/** How a chain ended, shown on the messages of the steps before its last. */
export type FinalOutcome = { outcome: 'approved' | 'rejected' | 'declined'; by: string; at: Date };

export function earlierStepBlocks(reader: Member, earlier: EarlierStep[] | undefined): Block[] {
  const c = catalog(reader.lang);
  return (earlier ?? []).flatMap((step): Block[] => {
    const at = formatDateTime(step.at, reader.zone);
    const said = step.counter
      ? c.counter.earlier({
          step: step.stepNo,
          percent: step.counter.percent,
          by: step.by,
          at,
          rep: step.counter.rep,
        })
      : c.chain.earlierStep({ step: step.stepNo, outcome: c.outcomes[step.outcome], by: step.by, at });
    return [
      { type: 'text', text: step.note ? `${said}\n${c.chain.earlierNote({ note: step.note })}` : said },
      { type: 'permalink', label: c.chain.earlierThread({ step: step.stepNo }), outboxKey: step.messageKey },
    ];
  });
}

/** The chain's end, on the message of a step decided before the last. */
export function finalBlock(reader: Member, final: FinalOutcome): Block {
  const c = catalog(reader.lang);
  return {
    type: 'context',
    text: c.chain.final({
      outcome: c.outcomes[final.outcome],
      by: final.by,
      at: formatDateTime(final.at, reader.zone),
    }),
  };
}
