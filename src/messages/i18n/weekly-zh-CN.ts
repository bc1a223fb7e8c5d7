/** 主管与总监的周报（README“Weekly report”）。 */
import type { weeklyEn } from './weekly-en.ts';
import { zh } from './zh-spacing.ts';

type P = Record<string, string | number>;

export const weeklyZhCN: typeof weeklyEn = {
  header: (p: P) => zh`${p.name}的周报：${p.from}至${p.to}`,
  visits: (p: P) => zh`拜访${p.count}次（${p.change}）`,
  discounts: (p: P) => zh`折扣申请${p.requested}个，批准${p.granted}个（${p.change}）`,
  change: (p: P) => zh`较上周${p.delta}`,
  same: '与上周持平',
  topCustomers: (p: P) => zh`拜访最多的客户：${p.customers}`,
  topCustomer: (p: P) => zh`${p.customer}（${p.count}次）`,
  silent: (p: P) => zh`本周无拜访：${p.reps}`,
  noneSilent: '每位销售本周都有拜访。',
  noReps: '没有销售向你汇报。',
  separator: '、',
  charts: '图表：每位销售每个工作日的拜访（按类型）；按原因的折扣申请与批准。',
};
