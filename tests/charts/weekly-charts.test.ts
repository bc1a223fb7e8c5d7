import { describe, expect, it } from 'vitest';
import { demoWeeklyFigures } from '../../scripts/demo-weekly-figures.ts';
import { renderPng } from '../../src/charts/render.ts';
import { visitsHeight } from '../../src/charts/visits-chart.ts';
import { weeklyCharts } from '../../src/charts/weekly-charts.ts';
import type { WeeklyFigures } from '../../src/domain/weekly-figures.ts';
import type { MessageImage } from '../../src/messages/model.ts';
import { decodePng, inkIn, isPng, type Png, pixelsIn } from '../support/png.ts';

const empty: WeeklyFigures = {
  weekStart: '2026-11-30',
  weekEnd: '2026-12-04',
  days: ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'],
  reps: [],
  discounts: [],
};

const small: WeeklyFigures = {
  ...empty,
  reps: [
    {
      name: 'Riley Park',
      visits: [
        { day: '2026-11-30', kind: 'visit', count: 2 },
        { day: '2026-12-02', kind: 'call', count: 3 },
      ],
    },
    { name: '张梅', visits: [{ day: '2026-12-02', kind: 'meal', count: 1 }] },
  ],
  discounts: [
    {
      reason: 'competitor',
      requested: 3,
      granted: 1,
      averageRequestedPercent: 12,
      averageGrantedPercent: 8,
    },
    { reason: 'value', requested: 1, granted: 0, averageRequestedPercent: 10, averageGrantedPercent: null },
  ],
};

const png = (image: MessageImage | undefined): Buffer => Buffer.from(image!.pngBase64, 'base64');
const decoded = (image: MessageImage | undefined): Png => decodePng(png(image));

/** Where both charts put their title: centred in the top 40 px. */
const TITLE = { x: 100, y: 6, width: 700, height: 34 };
/** The middle of the plot, where an empty week's note goes. */
const MIDDLE = { x: 200, y: 200, width: 500, height: 100 };

// A chart takes seconds on a busy two-core machine (BENCHMARKS.md, bench:charts): room above the 30 s default.
describe('weeklyCharts', { timeout: 120_000 }, () => {
  it('returns the visits chart then the discounts chart, as valid 900 × 500 PNGs', async () => {
    const images = await weeklyCharts(demoWeeklyFigures(), 'en');
    expect(images.map((image) => image.name)).toEqual(['weekly-visits.png', 'weekly-discounts.png']);
    for (const image of images) {
      expect(isPng(png(image))).toBe(true);
      const picture = decoded(image);
      expect([picture.width, picture.height]).toEqual([900, 500]);
      expect(inkIn(picture, { x: 0, y: 0, width: 900, height: 500 })).toBeGreaterThan(5000);
      // White background: the corner is not transparent, not dark.
      expect([...picture.rgba.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    }
  });

  it('grows the visits chart downwards for more than twelve reps, keeping 900 px across', async () => {
    const [visits] = await weeklyCharts(demoWeeklyFigures(20), 'en');
    const picture = decoded(visits);
    expect(picture.width).toBe(900);
    expect(picture.height).toBe(visitsHeight(20));
    expect(picture.height).toBeGreaterThan(500);
  });

  it('draws a week with figures differently from an empty week, whose charts carry a note', async () => {
    const [visits, discounts] = await weeklyCharts(small, 'en');
    const [noVisits, noDiscounts] = await weeklyCharts(empty, 'en');
    expect(png(visits).equals(png(noVisits))).toBe(false);
    expect(png(discounts).equals(png(noDiscounts))).toBe(false);
    expect(inkIn(decoded(noVisits), MIDDLE)).toBeGreaterThan(200);
    expect(inkIn(decoded(noDiscounts), MIDDLE)).toBeGreaterThan(200);
  });

  it('never throws on an empty week: no reps, reps without visits, no days, no discounts', async () => {
    const weeks: WeeklyFigures[] = [
      empty,
      { ...empty, days: [] },
      { ...empty, reps: [{ name: 'Riley Park', visits: [] }] },
      {
        ...empty,
        discounts: [
          {
            reason: 'other',
            requested: 0,
            granted: 0,
            averageRequestedPercent: null,
            averageGrantedPercent: null,
          },
        ],
      },
    ];
    for (const week of weeks) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const images = await weeklyCharts(week, locale);
        expect(images).toHaveLength(2);
        for (const image of images) expect(decoded(image).width).toBe(900);
      }
    }
  });

  it('says the week in one sentence in the reader’s language', async () => {
    const [visits, discounts] = await weeklyCharts(small, 'en');
    expect(visits!.alt).toBe(
      '6 visits logged by 2 reps from 2026-11-30 to 2026-12-04 (2 visits, 3 calls, 1 meal); most by Riley Park (5).',
    );
    expect(discounts!.alt).toBe(
      '4 discount requests from 2026-11-30 to 2026-12-04, 1 granted; average asked 11.5%, average granted 8%.',
    );
    const [zhVisits, zhDiscounts] = await weeklyCharts(small, 'zh-CN');
    expect(zhVisits!.alt).toBe(
      '2026-11-30 至 2026-12-04，2 位客户经理共记录 6 次拜访（拜访 2 次、电话 3 次、宴请 1 次），最多的是 Riley Park（5 次）。',
    );
    expect(zhDiscounts!.alt).toBe(
      '2026-11-30 至 2026-12-04 共有 4 个折扣申请，批准 1 个；平均申请 11.5%，平均批准 8%。',
    );
    const [emptyVisits, emptyDiscounts] = await weeklyCharts(empty, 'zh-CN');
    expect(emptyVisits!.alt).toBe('2026-11-30 至 2026-12-04 没有拜访记录。');
    expect(emptyDiscounts!.alt).toBe('2026-11-30 至 2026-12-04 没有折扣申请。');
    expect((await weeklyCharts(empty, 'en'))[0]!.alt).toBe(
      'No visits were logged from 2026-11-30 to 2026-12-04.',
    );
  });
});

describe('Chinese in the charts', { timeout: 120_000 }, () => {
  // Without the shipped font resvg draws no text at all (no ink); with a font that lacks the
  // characters every one becomes the same box, so two different titles of the same length look
  // alike. Only real glyphs leave ink that differs from one title to the other.
  const title = async (text: string) =>
    decodePng(
      await renderPng({ title: { text, left: 'center', top: 10, textStyle: { fontSize: 18 } } }, 900, 500),
    );

  it('draws Chinese characters as glyphs, each its own shape', async () => {
    const first = await title('每日拜访次数');
    const second = await title('折扣申请原因');
    expect(inkIn(first, TITLE)).toBeGreaterThan(300);
    expect(inkIn(second, TITLE)).toBeGreaterThan(300);
    expect(pixelsIn(first, TITLE).equals(pixelsIn(second, TITLE))).toBe(false);
  });

  it('draws the Chinese report’s titles and a Chinese empty-week note', async () => {
    const [visits, discounts] = await weeklyCharts(small, 'zh-CN');
    const [enVisits] = await weeklyCharts(small, 'en');
    expect(inkIn(decoded(visits), TITLE)).toBeGreaterThan(300);
    expect(inkIn(decoded(discounts), TITLE)).toBeGreaterThan(300);
    expect(pixelsIn(decoded(visits), TITLE).equals(pixelsIn(decoded(enVisits), TITLE))).toBe(false);
    const [noVisits] = await weeklyCharts(empty, 'zh-CN');
    expect(inkIn(decoded(noVisits), MIDDLE)).toBeGreaterThan(200);
  });
});
