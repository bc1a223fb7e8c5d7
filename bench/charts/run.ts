/**
 * `npm run bench:charts [-- --write]`: how long the weekly report's charts take to draw. The first
 * `weeklyCharts` call of a fresh process (cold: the font file located and read for the first time,
 * ECharts' first chart) and then RUNS more (default 20) of the demo week, 12 reps × 5 days, in
 * English and Chinese alternately. resvg alone is timed too, on SVGs of one and of thirty short
 * Chinese labels with the same font: resvg-js 2 reads the font for each run of text, so a chart's
 * cost grows with its labels, and these two rows show by how much.
 * `--write` records the result in BENCHMARKS.md.
 */
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { demoWeeklyFigures } from '../../scripts/demo-weekly-figures.ts';
import { chartFontFiles, FONT_FAMILY } from '../../src/charts/render.ts';
import { weeklyCharts } from '../../src/charts/weekly-charts.ts';
import { writeSection } from '../common/benchmarks-md.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const RUNS = Number(process.env.RUNS ?? 20);
const WRITE = process.argv.includes('--write');
const figures = demoWeeklyFigures(12);

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

const cold = await timed(() => weeklyCharts(figures, 'en'));
const warm: number[] = [];
for (let run = 0; run < RUNS; run++) {
  warm.push((await timed(() => weeklyCharts(figures, run % 2 === 0 ? 'zh-CN' : 'en'))).ms);
}
const labels = (n: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="500">${Array.from(
    { length: n },
    (_, i) => `<text x="10" y="${20 + i * 15}" font-family="${FONT_FAMILY}">拜访${i}</text>`,
  ).join('')}</svg>`;
const font = { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY };
const resvgAlone = async (n: number) => {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++)
    times.push((await timed(() => new Resvg(labels(n), { font }).render())).ms);
  return times.sort((a, b) => a - b);
};
const one = await resvgAlone(1);
const thirty = await resvgAlone(30);
const zh = await weeklyCharts(figures, 'zh-CN');
warm.sort((a, b) => a - b);

const ms = (value: number) => `${value.toFixed(0)} ms`;
const kb = (base64: string) => `${(Buffer.from(base64, 'base64').length / 1024).toFixed(0)} KB`;
const section = `## Weekly report charts (\`bench:charts\`)

\`npm run bench:charts -- --write\` — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}
shared with other work (load average ${loadavg()[0]!.toFixed(1)} at the end), Node ${process.version}. One \`weeklyCharts\` call draws both PNGs (visits 900 × 500,
discounts 900 × 500) of the demo week (\`scripts/demo-weekly-figures.ts\`: 12 reps × 5 days, 5 discount reasons).

| | time per call (both charts) |
| --- | ---: |
| first call of the process (cold: font found and read, ECharts' first chart) | ${ms(cold.ms)} |
| next ${RUNS} calls, median | ${ms(percentile(warm, 50))} |
| next ${RUNS} calls, p95 | ${ms(percentile(warm, 95))} |
| resvg alone, an SVG of 1 label, median | ${ms(percentile(one, 50))} |
| resvg alone, an SVG of 30 labels, median | ${ms(percentile(thirty, 50))} |

PNG sizes: English ${kb(cold.value[0]!.pngBase64)} (visits) and ${kb(cold.value[1]!.pngBase64)} (discounts); Chinese
${kb(zh[0]!.pngBase64)} and ${kb(zh[1]!.pngBase64)}. Most of a call is resvg turning text into outlines: resvg-js 2 takes fonts
only as files and reads the 8 MB Noto Sans Hans again for each run of text (compare the last two rows), and
the visits chart has about a hundred labels. Both charts rasterise at once on libuv's thread pool
(\`renderAsync\`), so the event loop stays free meanwhile. Once a week per supervisor affords this; a font
subset to the characters the charts use would be the cure if it ever did not.`;
process.stdout.write(`${section}\n`);
if (WRITE) writeSection(join(ROOT, 'BENCHMARKS.md'), 'charts', section);
