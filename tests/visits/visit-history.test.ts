import { describe, expect, it } from 'vitest';
import {
  type CustomerVisitState,
  customerAfterCorrection,
  type VisitFacts,
} from '../../src/domain/visit-history.ts';

const state = (over: Partial<CustomerVisitState> = {}): CustomerVisitState => ({
  lastVisitOn: null,
  lastVisitSummary: null,
  lastNextStep: null,
  nextFollowUpOn: null,
  stage: null,
  lastProgressOn: null,
  callbackDueOn: null,
  callbackDoneOn: null,
  ...over,
});

const visit = (id: number, visitedOn: string, over: Partial<VisitFacts> = {}): VisitFacts => ({
  id,
  visitedOn,
  stage: null,
  summary: `visit ${id}`,
  nextStep: null,
  nextFollowUpOn: '2026-12-31',
  ...over,
});

describe('customerAfterCorrection', () => {
  it('takes last visit, summary, next step and follow-up from the latest remaining visit', () => {
    const after = customerAfterCorrection({
      current: state({ lastVisitOn: '2026-11-20', lastVisitSummary: 'wrong', nextFollowUpOn: '2026-11-23' }),
      visits: [
        visit(2, '2026-11-10', { nextFollowUpOn: '2026-11-17', nextStep: 'send quote' }),
        visit(1, '2026-11-01', { nextFollowUpOn: '2026-11-08' }),
      ],
      removed: visit(3, '2026-11-20', { nextFollowUpOn: '2026-11-23' }),
    });
    expect(after).toMatchObject({
      lastVisitOn: '2026-11-10',
      lastVisitSummary: 'visit 2',
      lastNextStep: 'send quote',
      nextFollowUpOn: '2026-11-17',
    });
  });

  it('orders visits of the same day by when they were logged', () => {
    const after = customerAfterCorrection({
      current: state(),
      visits: [visit(7, '2026-11-10', { summary: 'later' }), visit(5, '2026-11-10', { summary: 'earlier' })],
    });
    expect(after.lastVisitSummary).toBe('later');
  });

  it('restores the baseline when no visit remains, and drops the summary and next step', () => {
    const after = customerAfterCorrection({
      current: state({
        lastVisitOn: '2026-11-20',
        lastVisitSummary: 'gone',
        lastNextStep: 'gone too',
        nextFollowUpOn: '2026-11-27',
        stage: 'agreement',
        lastProgressOn: '2026-11-20',
      }),
      visits: [],
      baseline: {
        lastVisitOn: '2026-10-01',
        nextFollowUpOn: '2026-11-05',
        stage: 'plan',
        lastProgressOn: null,
      },
      removed: visit(3, '2026-11-20', { stage: 'agreement', nextFollowUpOn: '2026-11-27' }),
    });
    expect(after).toMatchObject({
      lastVisitOn: '2026-10-01',
      nextFollowUpOn: '2026-11-05',
      stage: 'plan',
      lastProgressOn: null,
      lastVisitSummary: null,
      lastNextStep: null,
    });
  });

  it('keeps the dates as they are when no visit remains and nothing says what they were', () => {
    const current = state({ lastVisitOn: '2026-11-20', nextFollowUpOn: '2026-11-27', stage: 'plan' });
    const after = customerAfterCorrection({ current, visits: [], removed: visit(3, '2026-11-20') });
    expect(after).toMatchObject({ lastVisitOn: '2026-11-20', nextFollowUpOn: '2026-11-27', stage: 'plan' });
  });

  it('takes the stage from the latest visit that named one, and progress from the last change', () => {
    const after = customerAfterCorrection({
      current: state({ stage: 'maintenance', lastProgressOn: '2026-11-20' }),
      visits: [
        visit(1, '2026-11-01', { stage: 'plan' }),
        visit(2, '2026-11-05', { stage: 'relationship' }),
        visit(3, '2026-11-08', { stage: 'relationship' }),
        visit(4, '2026-11-09'),
      ],
      removed: visit(5, '2026-11-20', { stage: 'maintenance' }),
    });
    expect(after.stage).toBe('relationship');
    expect(after.lastProgressOn).toBe('2026-11-05');
  });

  it('never puts progress before the baseline (a deal won before the visit)', () => {
    const after = customerAfterCorrection({
      current: state({ stage: 'agreement', lastProgressOn: '2026-11-20' }),
      visits: [visit(1, '2026-11-01', { stage: 'plan' })],
      baseline: {
        lastVisitOn: '2026-11-01',
        nextFollowUpOn: '2026-11-08',
        stage: 'plan',
        lastProgressOn: '2026-11-15',
      },
      removed: visit(2, '2026-11-20', { stage: 'agreement' }),
    });
    expect(after.stage).toBe('plan');
    expect(after.lastProgressOn).toBe('2026-11-15');
  });

  it('undoes a hand-over call-back the removed visit marked done, unless a later visit did it too', () => {
    const current = state({ callbackDueOn: '2026-11-24', callbackDoneOn: '2026-11-25' });
    const removed = visit(10, '2026-11-25');
    expect(customerAfterCorrection({ current, visits: [], removed }).callbackDoneOn).toBeNull();
    expect(
      customerAfterCorrection({ current, visits: [visit(11, '2026-11-26')], removed }).callbackDoneOn,
    ).toBe('2026-11-26');
    // An earlier visit of that day, still there, did it: nothing changes.
    expect(
      customerAfterCorrection({ current, visits: [visit(9, '2026-11-25')], removed }).callbackDoneOn,
    ).toBe('2026-11-25');
    // A visit of another day is not what marked it.
    expect(
      customerAfterCorrection({ current, visits: [], removed: visit(10, '2026-11-20') }).callbackDoneOn,
    ).toBe('2026-11-25');
  });

  it('counts a visit moved in as the call-back when none was done yet', () => {
    const moved = visit(4, '2026-11-25');
    const after = customerAfterCorrection({
      current: state({ callbackDueOn: '2026-11-24' }),
      visits: [moved],
      added: moved,
    });
    expect(after.callbackDoneOn).toBe('2026-11-25');
    expect(after.lastVisitOn).toBe('2026-11-25');
  });

  it('leaves a follow-up date set since the visit (Done, Snooze, a hand-over) as it is', () => {
    // Visit on 11-10 promised 11-18; Done on 11-20 moved it to 11-27; then a visit logged by
    // mistake set 11-23. Undoing the mistake goes back to 11-27, not to the old visit's 11-18.
    const baseline = {
      lastVisitOn: '2026-11-10',
      nextFollowUpOn: '2026-11-27',
      stage: null,
      lastProgressOn: null,
    };
    const older = visit(1, '2026-11-10', { nextFollowUpOn: '2026-11-18' });
    const mistake = visit(2, '2026-11-20', { nextFollowUpOn: '2026-11-23' });
    const current = state({ lastVisitOn: '2026-11-20', nextFollowUpOn: '2026-11-23' });
    expect(
      customerAfterCorrection({ current, visits: [older], baseline, removed: mistake }).nextFollowUpOn,
    ).toBe('2026-11-27');
    // Handed over after the visit (due 11-24 for the new owner): an edit of that visit keeps 11-24.
    const handedOver = state({ lastVisitOn: '2026-11-20', nextFollowUpOn: '2026-11-24' });
    const edited = { ...mistake, summary: 'typo fixed' };
    const fixed = customerAfterCorrection({
      current: handedOver,
      visits: [older, edited],
      baseline,
      removed: mistake,
      added: edited,
    });
    expect(fixed).toMatchObject({ nextFollowUpOn: '2026-11-24', lastVisitSummary: 'typo fixed' });
  });

  it('counts progress only where the stage really moved, for a visit moved in or edited', () => {
    // Imported at relationship; a relationship visit moved in is no progress.
    const imported = state({ stage: 'relationship', lastProgressOn: null });
    const movedIn = visit(4, '2026-11-20', { stage: 'relationship' });
    expect(customerAfterCorrection({ current: imported, visits: [movedIn], added: movedIn })).toMatchObject({
      stage: 'relationship',
      lastProgressOn: null,
    });
    // Plan on 11-01, relationship by import, a relationship visit on 11-20: editing its summary
    // keeps progress at 11-01.
    const current = state({ stage: 'relationship', lastProgressOn: '2026-11-01' });
    const before = visit(9, '2026-11-20', { stage: 'relationship' });
    const edited = { ...before, summary: 'clearer' };
    const baseline = {
      lastVisitOn: '2026-11-01',
      nextFollowUpOn: null,
      stage: 'relationship',
      lastProgressOn: '2026-11-01',
    };
    expect(
      customerAfterCorrection({
        current,
        visits: [visit(1, '2026-11-01', { stage: 'plan' }), edited],
        baseline,
        removed: before,
        added: edited,
      }).lastProgressOn,
    ).toBe('2026-11-01');
  });
});
