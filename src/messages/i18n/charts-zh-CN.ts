/** 周报图表：标题、坐标轴、空周提示与替代文字（README“Weekly report charts”）。 */
import type { chartsEn } from './charts-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const chartsZhCN: typeof chartsEn = {
  visitsTitle: (p: { from: Text; to: Text }) => zh`每位客户经理每日拜访（${p.from}至${p.to}）`,
  visitsAxis: '拜访次数',
  discountsTitle: (p: { from: Text; to: Text }) => zh`按原因统计的折扣申请（${p.from}至${p.to}）`,
  requestsAxis: '申请数',
  requested: '申请',
  granted: '批准',
  barLabel: (p: { count: Text; percent: Text }) => zh`${p.count} · 平均${p.percent}%`,
  noVisits: '本周没有拜访记录',
  noReps: '本周没有可显示的客户经理',
  noDiscounts: '本周没有折扣申请',
  visitsAlt: (p: {
    from: Text;
    to: Text;
    reps: Text;
    visits: Text;
    kinds: Text;
    top: Text;
    topCount: Text;
  }) =>
    zh`${p.from}至${p.to}，${p.reps}共记录${p.visits}（${p.kinds}），最多的是${p.top}（${p.topCount}次）。`,
  visitsAltEmpty: (p: { from: Text; to: Text }) => zh`${p.from}至${p.to}没有拜访记录。`,
  discountsAlt: (p: { from: Text; to: Text; requests: Text; granted: Text; asked: Text; given: Text }) =>
    zh`${p.from}至${p.to}共有${p.requests}，批准${p.granted}个；平均申请${p.asked}，平均批准${p.given}。`,
  discountsAltEmpty: (p: { from: Text; to: Text }) => zh`${p.from}至${p.to}没有折扣申请。`,
  visitCount: (p: { n: Text }) => zh`${p.n}次拜访`,
  repCount: (p: { n: Text }) => zh`${p.n}位客户经理`,
  requestCount: (p: { n: Text }) => zh`${p.n}个折扣申请`,
  kindCount: (p: { kind: Text; n: Text }) => zh`${p.kind}${p.n}次`,
  percent: (p: { percent: Text }) => zh`${p.percent}%`,
  none: '无',
  listSeparator: '、',
};
