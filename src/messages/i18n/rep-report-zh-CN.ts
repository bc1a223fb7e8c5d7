/** 销售本人的 `/report`：本周或本月的工作。 */
import type { repReportEn } from './rep-report-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const repReportZhCN: typeof repReportEn = {
  header: (p: { name: Text; from: Text; to: Text }) => zh`${p.name}的报告：${p.from}至${p.to}`,
  visits: (p: { count: Text }) => zh`拜访（${p.count}）`,
  noVisits: '这段时间没有记录拜访。',
  dayLine: (p: { date: Text; customers: Text }) => zh`${p.date}：${p.customers}`,
  visitItem: (p: { stage: Text; customer: Text; kind: Text }) =>
    p.stage ? zh`${p.customer}（${p.kind}，${p.stage}）` : zh`${p.customer}（${p.kind}）`,
  byStage: (p: { stages: Text }) => zh`按阶段：${p.stages}`,
  noStage: '未标阶段',
  requests: (p: { count: Text }) => zh`你的折扣申请（${p.count}）`,
  requestLine: (p: { id: Text; customer: Text; percent: Text; outcome: Text }) =>
    zh`#${p.id} ${p.customer} ${p.percent}%：${p.outcome}`,
  moreRequests: (p: { count: Text }) => zh`……另有${p.count}条。`,
  due: (p: { due: Text; overdue: Text }) => zh`当前跟进：今天到期${p.due}个，已逾期${p.overdue}个`,
  dueNames: (p: { names: Text }) => zh`${p.names}。/followups 可查看全部并直接操作。`,
};
