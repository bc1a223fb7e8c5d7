/**
 * Chart 2 of the weekly report: discount requests by reason, requested and granted side by side as
 * horizontal bars (reason names are long; they read best on the left), each bar labelled with its
 * count and the average percent asked or granted.
 */
import type { Locale } from '../config.ts';
import type { WeeklyFigures } from '../domain/weekly-figures.ts';
import { catalog } from '../messages/i18n/index.ts';
import type { ChartOption } from './render.ts';
import { emptyNote, GRANTED_COLOR, REQUESTED_COLOR, title } from './style.ts';

export const DISCOUNTS_WIDTH = 900;
export const DISCOUNTS_HEIGHT = 500;

/** One decimal at most: "12.5%", "10%". */
export function percentText(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export function discountsOption(figures: WeeklyFigures, locale: Locale): ChartOption {
  const words = catalog(locale);
  const heading = title(words.charts.discountsTitle({ from: figures.weekStart, to: figures.weekEnd }));
  // Reasons nobody asked for are not drawn: an empty row says nothing.
  const rows = figures.discounts.filter((row) => row.requested > 0 || row.granted > 0);
  if (rows.length === 0) return { title: [heading], graphic: [emptyNote(words.charts.noDiscounts)] };

  // Top to bottom in the order given; ECharts draws a category y axis bottom-up.
  const ordered = [...rows].reverse();
  const bar = (count: number, percent: number | null, color: string) => ({
    value: count,
    itemStyle: { color },
    label: {
      show: true,
      position: 'right',
      fontSize: 12,
      color: '#333',
      formatter:
        percent === null || count === 0
          ? String(count)
          : words.charts.barLabel({ count, percent: percentText(percent) }),
    },
  });
  return {
    title: [heading],
    legend: { top: 40, data: [words.charts.requested, words.charts.granted], textStyle: { fontSize: 13 } },
    grid: { left: 24, right: 110, top: 78, bottom: 40, containLabel: true },
    xAxis: {
      type: 'value',
      minInterval: 1,
      name: words.charts.requestsAxis,
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { fontSize: 11 },
    },
    yAxis: {
      type: 'category',
      data: ordered.map((row) => words.reasons[row.reason]),
      axisTick: { show: false },
      axisLabel: { fontSize: 13, color: '#333' },
    },
    series: [
      {
        type: 'bar',
        name: words.charts.requested,
        itemStyle: { color: REQUESTED_COLOR },
        barGap: '10%',
        barMaxWidth: 26,
        data: ordered.map((row) => bar(row.requested, row.averageRequestedPercent, REQUESTED_COLOR)),
      },
      {
        type: 'bar',
        name: words.charts.granted,
        itemStyle: { color: GRANTED_COLOR },
        barMaxWidth: 26,
        data: ordered.map((row) => bar(row.granted, row.averageGrantedPercent, GRANTED_COLOR)),
      },
    ],
  };
}
