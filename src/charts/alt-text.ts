/**
 * The one-sentence summary that goes with each chart: what a screen reader reads and what Slack and
 * Lark show when the image does not load, so it carries the week's totals, not a description of bars.
 */
import type { Locale } from '../config.ts';
import { VISIT_KINDS } from '../domain/vocabulary.ts';
import type { WeeklyFigures } from '../domain/weekly-figures.ts';
import { catalog } from '../messages/i18n/index.ts';
import { percentText } from './discounts-chart.ts';
import { totalVisits } from './visits-chart.ts';

export function visitsAlt(figures: WeeklyFigures, locale: Locale): string {
  const words = catalog(locale);
  const c = words.charts;
  const span = { from: figures.weekStart, to: figures.weekEnd };
  const total = totalVisits(figures);
  if (total === 0) return c.visitsAltEmpty(span);
  const all = figures.reps.flatMap((rep) => rep.visits);
  const kinds = VISIT_KINDS.map((kind) => ({
    kind,
    n: all.filter((v) => v.kind === kind).reduce((sum, v) => sum + v.count, 0),
  }))
    .filter((entry) => entry.n > 0)
    .map((entry) => c.kindCount({ n: entry.n, kind: words.kinds[entry.kind] }));
  const perRep = figures.reps.map((rep) => ({
    name: rep.name,
    n: rep.visits.reduce((sum, v) => sum + v.count, 0),
  }));
  // The first in display order wins a tie: the report's own order, not an arbitrary one.
  const top = perRep.reduce((best, rep) => (rep.n > best.n ? rep : best));
  return c.visitsAlt({
    ...span,
    visits: c.visitCount({ n: total }),
    reps: c.repCount({ n: perRep.filter((rep) => rep.n > 0).length }),
    kinds: kinds.join(c.listSeparator),
    top: top.name,
    topCount: top.n,
  });
}

/** The mean over all requests (or grants) of the week: each reason's average weighted by its count. */
function overallAverage(rows: { count: number; average: number | null }[]): number | null {
  const counted = rows.filter((row) => row.average !== null && row.count > 0);
  const n = counted.reduce((sum, row) => sum + row.count, 0);
  if (n === 0) return null;
  return counted.reduce((sum, row) => sum + row.count * (row.average ?? 0), 0) / n;
}

export function discountsAlt(figures: WeeklyFigures, locale: Locale): string {
  const c = catalog(locale).charts;
  const span = { from: figures.weekStart, to: figures.weekEnd };
  const requested = figures.discounts.reduce((sum, row) => sum + row.requested, 0);
  if (requested === 0) return c.discountsAltEmpty(span);
  const granted = figures.discounts.reduce((sum, row) => sum + row.granted, 0);
  const percent = (value: number | null) =>
    value === null ? c.none : c.percent({ percent: percentText(value) });
  return c.discountsAlt({
    ...span,
    requests: c.requestCount({ n: requested }),
    granted,
    asked: percent(
      overallAverage(
        figures.discounts.map((r) => ({ count: r.requested, average: r.averageRequestedPercent })),
      ),
    ),
    given: percent(
      overallAverage(figures.discounts.map((r) => ({ count: r.granted, average: r.averageGrantedPercent }))),
    ),
  });
}
