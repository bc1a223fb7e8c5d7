/**
 * Chart 1 of the weekly report: one small bar chart per rep (small multiples), days along the
 * bottom, each day's bar stacked by visit kind. Small multiples rather than one crowded chart: with
 * a dozen reps × five days a single chart has sixty unlabelled bars; a panel per rep keeps each
 * rep's name and days readable at Slack's thumbnail size, and a shared y scale keeps them comparable.
 */
import type { Locale } from '../config.ts';
import type { IsoDate } from '../domain/dates.ts';
import { VISIT_KINDS } from '../domain/vocabulary.ts';
import type { WeeklyFigures } from '../domain/weekly-figures.ts';
import { catalog } from '../messages/i18n/index.ts';
import type { ChartOption } from './render.ts';
import { emptyNote, KIND_COLORS, title } from './style.ts';

export const VISITS_WIDTH = 900;
const TOP = 78;
const BOTTOM = 24;
const ROW_HEIGHT = 132;

/** Columns of panels: as square a grid as the count allows, never wider than six. */
function columns(reps: number): number {
  if (reps <= 4) return Math.max(reps, 1);
  if (reps <= 9) return 3;
  if (reps <= 16) return 4;
  return 6;
}

/** 500 px up to twelve reps (three rows); taller beyond, so panels never shrink below a readable size. */
export function visitsHeight(reps: number): number {
  const rows = Math.ceil(reps / columns(reps));
  return Math.max(500, TOP + BOTTOM + rows * ROW_HEIGHT);
}

/** "Mon" / "周一": the weekday says more than the date in a five-day row. */
function weekday(day: IsoDate, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

export function totalVisits(figures: WeeklyFigures): number {
  return figures.reps.reduce((sum, rep) => sum + rep.visits.reduce((n, v) => n + v.count, 0), 0);
}

export function visitsOption(figures: WeeklyFigures, locale: Locale, height: number): ChartOption {
  const words = catalog(locale);
  const heading = title(words.charts.visitsTitle({ from: figures.weekStart, to: figures.weekEnd }));
  const reps = figures.reps;
  if (reps.length === 0) return { title: [heading], graphic: [emptyNote(words.charts.noReps)] };
  if (totalVisits(figures) === 0) return { title: [heading], graphic: [emptyNote(words.charts.noVisits)] };

  const days = figures.days.map((day) => weekday(day, locale));
  const kinds = VISIT_KINDS.filter((kind) => reps.some((rep) => rep.visits.some((v) => v.kind === kind)));
  const highest = Math.max(
    1,
    ...reps.flatMap((rep) =>
      figures.days.map((day) => rep.visits.filter((v) => v.day === day).reduce((n, v) => n + v.count, 0)),
    ),
  );
  const step = Math.ceil(highest / 2);
  const cols = columns(reps.length);
  const rows = Math.ceil(reps.length / cols);
  const cellWidth = (VISITS_WIDTH - 40) / cols;
  const cellHeight = (height - TOP - BOTTOM) / rows;
  const place = (index: number) => ({
    left: 40 + (index % cols) * cellWidth,
    top: TOP + Math.floor(index / cols) * cellHeight,
  });

  return {
    title: [
      heading,
      ...reps.map((rep, index) => ({
        text: rep.name,
        left: place(index).left + cellWidth / 2 - 20,
        top: place(index).top - 2,
        textAlign: 'center',
        // A long name is cut with an ellipsis rather than run into the next panel.
        textStyle: {
          fontSize: 13,
          fontWeight: 'normal',
          color: '#333',
          width: cellWidth - 50,
          overflow: 'truncate',
        },
      })),
    ],
    legend: {
      top: 40,
      data: kinds.map((kind) => words.kinds[kind]),
      textStyle: { fontSize: 13 },
    },
    grid: reps.map((_, index) => ({
      left: place(index).left,
      top: place(index).top + 22,
      width: cellWidth - 40,
      height: cellHeight - 48,
    })),
    xAxis: reps.map((_, index) => ({
      type: 'category',
      gridIndex: index,
      data: days,
      axisTick: { show: false },
      axisLabel: { fontSize: 11, interval: 0 },
    })),
    yAxis: reps.map((_, index) => ({
      type: 'value',
      gridIndex: index,
      // Two whole-number steps to a shared top (0, 4, 8): an odd top like 7 gives uneven ticks.
      max: step * 2,
      interval: step,
      axisLabel: { fontSize: 10 },
      // The axis name once, on the first panel (every panel shares the same scale), along its side
      // rather than on top, where the rep's name sits.
      ...(index === 0
        ? {
            name: words.charts.visitsAxis,
            nameLocation: 'middle',
            nameGap: 22,
            nameTextStyle: { fontSize: 11 },
          }
        : {}),
    })),
    series: reps.flatMap((rep, index) =>
      kinds.map((kind) => ({
        type: 'bar',
        name: words.kinds[kind],
        stack: `rep${index}`,
        xAxisIndex: index,
        yAxisIndex: index,
        barWidth: '60%',
        itemStyle: { color: KIND_COLORS[kind] },
        data: figures.days.map((day) =>
          rep.visits.filter((v) => v.day === day && v.kind === kind).reduce((n, v) => n + v.count, 0),
        ),
      })),
    ),
  };
}
