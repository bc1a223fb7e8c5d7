import { Resvg, renderAsync } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { demoWeeklyFigures } from '../../scripts/demo-weekly-figures.ts';
import { discountsOption } from '../../src/charts/discounts-chart.ts';
import { chartFontFiles, FONT_FAMILY } from '../../src/charts/render.ts';

const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 900, height: 500 });
chart.setOption({
  animation: false,
  textStyle: { fontFamily: FONT_FAMILY },
  ...discountsOption(demoWeeklyFigures(), 'zh-CN'),
});
const svg = chart.renderToSVGString();
const opts = {
  font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
};
for (let i = 0; i < 4; i++) {
  let t = performance.now();
  new Resvg(svg, opts).render().asPng();
  const a = performance.now() - t;
  t = performance.now();
  (await renderAsync(svg, opts)).asPng();
  const b = performance.now() - t;
  console.log('sync', a.toFixed(0), 'async', b.toFixed(0));
}
