/** How a counter-offer shows on an approval message, and the button that makes one. */
import type { Locale } from '../../config.ts';
import { catalog, formatDateTime } from '../../messages/i18n/index.ts';
import type { Block, Button } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import type { Member } from '../members/members.ts';
import { cutInMoney } from './cut-in-money.ts';

export type CounterAnswer = 'accepted' | 'declined' | 'expired';

/** A step's counter-offer as its message shows it: who offered what, and the rep's answer once given. */
export type CounterShown = {
  percent: number;
  asked: number;
  by: string;
  at: Date;
  note: string | null;
  rep: string;
  /** The deal amount (null when the rep gave none) and the team currency: the offer's cut in money. */
  amount: number | null;
  currency: string;
  answer?: { outcome: CounterAnswer; at: Date };
};

/** Beside Approve and Reject: the form asks for the smaller percent and a note. */
export function counterButton(locale: Locale, value: string): Button {
  return { actionId: 'approval.counter', label: catalog(locale).counter.button, value };
}

export function counterBlocks(reader: Member, counter: CounterShown): Block[] {
  const t = catalog(reader.lang).counter;
  const when = (at: Date) => formatDateTime(at, reader.zone);
  const offered = t.state({
    percent: counter.percent,
    asked: counter.asked,
    by: counter.by,
    at: when(counter.at),
  });
  const answer = counter.answer;
  const answered = !answer
    ? t.stateWaiting({ rep: counter.rep })
    : answer.outcome === 'accepted'
      ? t.stateAccepted({ rep: counter.rep, at: when(answer.at) })
      : answer.outcome === 'declined'
        ? t.stateDeclined({ rep: counter.rep, at: when(answer.at) })
        : t.stateExpired({ at: when(answer.at) });
  const blocks: Block[] = [{ type: 'text', text: `↔️ ${sentences(offered, answered)}` }];
  if (counter.amount !== null) {
    const inMoney = cutInMoney(counter.amount, counter.percent, counter.currency, reader.lang);
    blocks.push({ type: 'context', text: catalog(reader.lang).money.cutOnAmount(inMoney) });
  }
  if (counter.note) {
    blocks.push({ type: 'context', text: catalog(reader.lang).chain.earlierNote({ note: counter.note }) });
  }
  return blocks;
}
