import type { Locale } from '../config.ts';
import type { WeeklyFigures } from '../domain/weekly-figures.ts';
import type { MessageImage } from '../messages/model.ts';

// TEMP stand-in until the real renderer is merged: a valid 1×1 white PNG for each chart, so the
// weekly report can be built and tested against the agreed contract (README, "Weekly report").
const BLANK_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC';

export async function weeklyCharts(figures: WeeklyFigures, locale: Locale): Promise<MessageImage[]> {
  const week = `${figures.weekStart} – ${figures.weekEnd}`;
  const zh = locale === 'zh-CN';
  return [
    { name: 'weekly-visits.png', alt: `${zh ? '每日拜访' : 'Visits per rep'} ${week}`, pngBase64: BLANK_PNG },
    { name: 'weekly-discounts.png', alt: `${zh ? '折扣申请' : 'Discounts'} ${week}`, pngBase64: BLANK_PNG },
  ];
}
