import type { IsoDate } from '../../domain/dates.ts';
import type { PramStage, VisitKind } from '../../domain/vocabulary.ts';
import { catalog } from '../../messages/i18n/index.ts';
import type { Button, Message } from '../../messages/model.ts';
import { sentences } from '../../messages/sentences.ts';
import type { Customer } from '../customers/find-customer.ts';
import type { Member } from '../members/members.ts';

export type VisitFields = {
  kind: VisitKind;
  stage?: PramStage;
  summary: string;
  nextStep?: string;
  next?: IsoDate;
};

/**
 * The confirmation of a logged (or corrected) visit, with Edit and Undo carrying the visit id —
 * the buttons check the 24 hours when clicked, so the message itself never needs updating.
 */
export function visitStoredMessage(
  member: Pick<Member, 'lang'>,
  customer: Pick<Customer, 'name'>,
  fields: Pick<VisitFields, 'kind' | 'stage' | 'summary' | 'nextStep'>,
  visit: { visitId: number; visitedOn: IsoDate; next: IsoDate; nextOffDay?: boolean },
  headlineOf: (stored: string) => string = (stored) => stored,
): Message {
  const c = catalog(member.lang);
  const { visitedOn: date, next } = visit;
  const stored = sentences(
    c.visit.stored({ kind: c.kinds[fields.kind], customer: customer.name, date, next }),
    fields.stage ? c.visit.storedStage({ stage: c.stages[fields.stage] }) : undefined,
  );
  // A date the member typed is theirs even on a day off; they are told, not overruled (README, "Reps").
  const offDay = visit.nextOffDay ? c.visit.nextOffDay({ next }) : undefined;
  const headline = headlineOf(sentences(stored, offDay));
  const details = [{ label: c.visit.summary, value: fields.summary }];
  if (fields.nextStep) details.push({ label: c.visit.nextStep, value: fields.nextStep });
  return {
    text: headline,
    blocks: [
      { type: 'text', text: headline },
      { type: 'fields', fields: details },
      { type: 'actions', buttons: visitCorrectionButtons(member.lang, visit.visitId) },
    ],
  };
}

/** Edit and Undo of one visit: on its confirmation and on each line of `/visit edit`. */
export function visitCorrectionButtons(lang: Member['lang'], visitId: number): Button[] {
  const t = catalog(lang).visitEdit;
  return [
    { actionId: 'visit.edit', label: t.edit, value: String(visitId) },
    { actionId: 'visit.undo', label: t.undo, value: String(visitId), style: 'danger' },
  ];
}
