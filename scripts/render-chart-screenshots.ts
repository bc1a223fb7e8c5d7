/**
 * `npx tsx scripts/render-chart-screenshots.ts [--locale zh-CN] [--out dir]`: draws the demo week's
 * two weekly-report charts to docs/screenshots/ (README, "Weekly report charts"). English by default.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { weeklyCharts } from '../src/charts/weekly-charts.ts';
import type { Locale } from '../src/config.ts';
import { demoWeeklyFigures } from './demo-weekly-figures.ts';

const { values } = parseArgs({
  options: {
    locale: { type: 'string', default: 'en' },
    out: { type: 'string', default: 'docs/screenshots' },
  },
});
const locale: Locale = values.locale === 'zh-CN' ? 'zh-CN' : 'en';
mkdirSync(values.out, { recursive: true });
for (const image of await weeklyCharts(demoWeeklyFigures(), locale)) {
  const file = join(values.out, image.name);
  writeFileSync(file, Buffer.from(image.pngBase64, 'base64'));
  process.stdout.write(
    `${file} (${Math.round(Buffer.from(image.pngBase64, 'base64').length / 1024)} KB): ${image.alt}\n`,
  );
}
