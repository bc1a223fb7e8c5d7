/** 销售本人的 `/report`：本周或本月的工作。 */
import type { repReportEn } from './rep-report-en.ts';
import { zh } from './zh-spacing.ts';

type P = Record<string, string | number>;

export const repReportZhCN: typeof repReportEn = {
  header: (p: P) => zh`${p.name}的报告：${p.from}至${p.to}`,
  visits: (p: P) => zh`拜访（${p.count}）`,
  noVisits: '这段时间没有记录拜访。',
  dayLine: (p: P) => zh`${p.date}：${p.customers}`,
  visitItem: (p: P) =>
    p.stage ? zh`${p.customer}（${p.kind}，${p.stage}）` : zh`${p.customer}（${p.kind}）`,
  byStage: (p: P) => zh`按阶段：${p.stages}`,
  noStage: '未标阶段',
  requests: (p: P) => zh`你的折扣申请（${p.count}）`,
  requestLine: (p: P) => zh`#${p.id} ${p.customer} ${p.percent}%：${p.outcome}`,
  moreRequests: (p: P) => zh`……另有${p.count}条。`,
  due: (p: P) => zh`当前跟进：今天到期${p.due}个，已逾期${p.overdue}个`,
  dueNames: (p: P) => zh`${p.names}。/followups 可查看全部并直接操作。`,
};
