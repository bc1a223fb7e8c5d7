/**
 * The weekly report's two pictures (README, "Weekly report charts"): visits per rep per working day
 * stacked by kind, and discount requests by reason, requested beside granted. Labels and alt texts
 * are in the reader's language; an empty week draws a note instead of an empty plot.
 */
import type { Locale } from '../config.ts';
import type { WeeklyFigures } from '../domain/weekly-figures.ts';
import type { MessageImage } from '../messages/model.ts';
import { discountsAlt, visitsAlt } from './alt-text.ts';
import { DISCOUNTS_HEIGHT, DISCOUNTS_WIDTH, discountsOption } from './discounts-chart.ts';
import { renderPng } from './render.ts';
import { VISITS_WIDTH, visitsHeight, visitsOption } from './visits-chart.ts';

export async function weeklyCharts(figures: WeeklyFigures, locale: Locale): Promise<MessageImage[]> {
  const height = visitsHeight(figures.reps.length);
  // Both at once: each rasterises on a thread of its own.
  const [visits, discounts] = await Promise.all([
    renderPng(visitsOption(figures, locale, height), VISITS_WIDTH, height),
    renderPng(discountsOption(figures, locale), DISCOUNTS_WIDTH, DISCOUNTS_HEIGHT),
  ]);
  return [
    { name: 'weekly-visits.png', alt: visitsAlt(figures, locale), pngBase64: visits.toString('base64') },
    {
      name: 'weekly-discounts.png',
      alt: discountsAlt(figures, locale),
      pngBase64: discounts.toString('base64'),
    },
  ];
}
