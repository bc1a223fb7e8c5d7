import type { IsoDate } from './dates.ts';

/**
 * What a customer row keeps from its visits (README, "Correcting a visit"). Copied from the latest
 * visit when it is logged, so the morning message needs no scan of the visits table; a visit edited,
 * moved to another customer or undone therefore means computing them again from what remains.
 */
export type CustomerVisitState = {
  lastVisitOn: IsoDate | null;
  lastVisitSummary: string | null;
  lastNextStep: string | null;
  nextFollowUpOn: IsoDate | null;
  stage: string | null;
  lastProgressOn: IsoDate | null;
  callbackDueOn: IsoDate | null;
  callbackDoneOn: IsoDate | null;
};

/** A visit as the recomputation needs it; `id` orders visits logged on the same day. */
export type VisitFacts = {
  id: number;
  visitedOn: IsoDate;
  stage: string | null;
  summary: string;
  nextStep: string | null;
  nextFollowUpOn: IsoDate;
};

/** The customer as it was just before the corrected visit was logged (its `customer.visited` audit row). */
export type CustomerBaseline = {
  lastVisitOn: IsoDate | null;
  nextFollowUpOn: IsoDate | null;
  stage: string | null;
  lastProgressOn: IsoDate | null;
};

export type Correction = {
  current: CustomerVisitState;
  /** Every visit the customer has after the correction, in any order. */
  visits: readonly VisitFacts[];
  baseline?: CustomerBaseline | undefined;
  /** The visit that left this customer (undone, or moved to another customer). */
  removed?: VisitFacts | undefined;
  /** The visit that came to this customer from another one. */
  added?: VisitFacts | undefined;
};

const byLogging = (a: VisitFacts, b: VisitFacts) =>
  a.visitedOn < b.visitedOn ? -1 : a.visitedOn > b.visitedOn ? 1 : a.id - b.id;

const later = (a: IsoDate | null, b: IsoDate | null): IsoDate | null =>
  a === null ? b : b === null || a > b ? a : b;

/**
 * The customer's visit-derived fields computed again from the visits that remain:
 * - last visit, summary, next step and next follow-up from the latest remaining visit;
 * - the stage from the latest remaining visit that named one, else the baseline's, else as it is;
 * - progress is the latest remaining visit that moved the stage (walked from the baseline's stage),
 *   never earlier than the baseline's own progress (a deal won before the visit stays progress);
 * - with no visit left, the dates are the baseline's — nothing is known to have happened since — or,
 *   without one, stay as they are; a summary and next step without a visit say nothing, so they go.
 * - a hand-over call-back marked done by the removed visit is done by the next visit logged after it,
 *   or not done; a visit moved in counts as the call-back when none was done yet.
 */
export function customerAfterCorrection(input: Correction): CustomerVisitState {
  const { current, baseline } = input;
  const visits = [...input.visits].sort(byLogging);
  const latest = visits.at(-1);
  const result: CustomerVisitState = { ...current, callbackDoneOn: callbackDone(input, visits) };
  if (!latest) {
    return {
      ...result,
      lastVisitSummary: null,
      lastNextStep: null,
      ...(baseline
        ? {
            lastVisitOn: baseline.lastVisitOn,
            nextFollowUpOn: baseline.nextFollowUpOn,
            stage: baseline.stage,
            lastProgressOn: baseline.lastProgressOn,
          }
        : {}),
    };
  }
  let stage = baseline ? baseline.stage : null;
  let progress: IsoDate | null = null;
  for (const visit of visits) {
    if (visit.stage === null) continue;
    if (visit.stage !== stage) progress = visit.visitedOn;
    stage = visit.stage;
  }
  const lastStaged = [...visits].reverse().find((visit) => visit.stage !== null);
  return {
    ...result,
    lastVisitOn: latest.visitedOn,
    lastVisitSummary: latest.summary,
    lastNextStep: latest.nextStep,
    nextFollowUpOn: latest.nextFollowUpOn,
    stage: lastStaged?.stage ?? (baseline ? baseline.stage : current.stage),
    lastProgressOn:
      progress === null && !baseline
        ? current.lastProgressOn
        : later(progress, baseline?.lastProgressOn ?? null),
  };
}

function callbackDone(input: Correction, visits: readonly VisitFacts[]): IsoDate | null {
  const { current, removed, added } = input;
  if (current.callbackDueOn === null) return current.callbackDoneOn;
  if (added && current.callbackDoneOn === null) return added.visitedOn;
  const done = current.callbackDoneOn;
  if (!removed || done === null || done !== removed.visitedOn) return done;
  // An earlier visit of that day, still there, may be the one that did it: then nothing changes.
  if (visits.some((visit) => visit.id < removed.id && visit.visitedOn === done)) return done;
  const next = visits.filter((visit) => visit.id > removed.id).sort(byLogging)[0];
  return next?.visitedOn ?? null;
}
