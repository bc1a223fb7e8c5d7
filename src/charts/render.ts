/**
 * ECharts option → PNG: ECharts draws SVG on the server (no canvas, no DOM), resvg rasterises it.
 * resvg is given the shipped Noto Sans Hans and no system fonts, so a chart looks the same on every
 * machine and Chinese draws as glyphs on a container that has no fonts at all.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import * as echarts from 'echarts';

/** The family name inside the shipped font: ECharts writes it into the SVG, resvg matches it. */
export const FONT_FAMILY = 'Noto Sans S Chinese';

let fontFiles: string[] | undefined;

/**
 * Where the font sits in node_modules, looked up once. The package exports only its index, so the
 * font file is found beside it rather than by its own specifier. Regular only: each render reads the
 * files it is given, and one 8 MB weight is enough for titles and labels alike.
 */
export function chartFontFiles(): string[] {
  if (!fontFiles) {
    const index = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    fontFiles = [join(dirname(index), '..', 'fonts', 'NotoSansHans-Regular.otf')];
  }
  return fontFiles;
}

export type ChartOption = echarts.EChartsCoreOption;

/**
 * Draws one chart to PNG bytes at width × height px on white. The raster step is resvg's
 * `renderAsync`, on libuv's thread pool: a full chart takes hundreds of milliseconds, seconds on a
 * busy machine (resvg-js reads the font for each run of text; BENCHMARKS.md), which must not stall
 * the event loop that answers Slack and Lark within their three seconds.
 */
export async function renderPng(option: ChartOption, width: number, height: number): Promise<Buffer> {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY },
      ...option,
    });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const png = await renderAsync(svg, {
    fitTo: { mode: 'original' },
    background: '#ffffff',
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return png.asPng();
}
