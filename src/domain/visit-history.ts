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
  /** The visit as it was on this customer before the correction (undone, moved away, or edited). */
  removed?: VisitFacts | undefined;
  /** The visit as it is on this customer now (moved in, or edited). */
  added?: VisitFacts | undefined;
};

const byLogging = (a: VisitFacts, b: VisitFacts) =>
  a.visitedOn < b.visitedOn ? -1 : a.visitedOn > b.visitedOn ? 1 : a.id - b.id;

const later = (a: IsoDate | null, b: IsoDate | null): IsoDate | null =>
  a === null ? b : b === null || a > b ? a : b;

/** The last visit where the stage changed, walking the visits in order: progress when nothing better is known. */
function progressByWalk(visits: readonly VisitFacts[]): IsoDate | null {
  let stage: string | null = null;
  let progress: IsoDate | null = null;
  for (const visit of visits) {
    if (visit.stage === null) continue;
    if (visit.stage !== stage) progress = visit.visitedOn;
    stage = visit.stage;
  }
  return progress;
}

/**
 * The customer's visit-derived fields after one visit was undone, edited or moved. A correction
 * changes only what that visit set, and only while it still holds: a follow-up date moved since by
 * Done, Snooze or a hand-over, or a stage a later visit set, is left alone.
 * - last visit, summary and next step come from the latest remaining visit (the baseline's, or as
 *   they are, when none remains; a summary and next step without a visit say nothing, so they go);
 * - the next follow-up the visit set goes back to what it was before the visit (the baseline), else
 *   to the latest other visit's; a visit that is now the latest sets it as logging it would have;
 * - the stage likewise, and progress only when the stage really moved at this visit, never earlier
 *   than the baseline's own (a deal won before the visit stays progress);
 * - a hand-over call-back marked done by the removed visit is done by the next visit logged after
 *   it, or not done; a visit moved in counts as the call-back when none was done yet.
 */
export function customerAfterCorrection(input: Correction): CustomerVisitState {
  const { current, baseline, removed, added } = input;
  const all = [...input.visits].sort(byLogging);
  const corrected = (removed ?? added)?.id;
  const others = all.filter((visit) => visit.id !== corrected);
  const after = (a: VisitFacts, b: VisitFacts) => byLogging(a, b) > 0;
  const latestAmongOthers = (visit: VisitFacts, staged = false) =>
    !others.some((other) => (!staged || other.stage !== null) && after(other, visit));
  const latest = all.at(-1);
  const result: CustomerVisitState = { ...current, callbackDoneOn: callbackDone(input, all) };
  if (latest) {
    result.lastVisitOn = latest.visitedOn;
    result.lastVisitSummary = latest.summary;
    result.lastNextStep = latest.nextStep;
  } else {
    result.lastVisitOn = baseline ? baseline.lastVisitOn : current.lastVisitOn;
    result.lastVisitSummary = null;
    result.lastNextStep = null;
  }

  const setNext = removed !== undefined && current.nextFollowUpOn === removed.nextFollowUpOn;
  if (removed && setNext && latestAmongOthers(removed)) {
    result.nextFollowUpOn = baseline
      ? baseline.nextFollowUpOn
      : (others.at(-1)?.nextFollowUpOn ?? current.nextFollowUpOn);
  }
  if (added && latestAmongOthers(added) && (!removed || setNext))
    result.nextFollowUpOn = added.nextFollowUpOn;

  if (
    removed &&
    removed.stage !== null &&
    current.stage === removed.stage &&
    latestAmongOthers(removed, true)
  ) {
    const lastStaged = [...others].reverse().find((visit) => visit.stage !== null);
    result.stage = baseline ? baseline.stage : (lastStaged?.stage ?? current.stage);
    if (current.lastProgressOn === removed.visitedOn) {
      result.lastProgressOn = baseline ? baseline.lastProgressOn : progressByWalk(others);
    }
  }
  if (added && added.stage !== null && latestAmongOthers(added, true)) {
    if (added.stage !== result.stage) result.lastProgressOn = later(result.lastProgressOn, added.visitedOn);
    result.stage = added.stage;
  }
  return result;
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
