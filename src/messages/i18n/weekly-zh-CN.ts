/** 主管与总监的周报（README“Weekly report”）。 */
import type { weeklyEn } from './weekly-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const weeklyZhCN: typeof weeklyEn = {
  header: (p: { name: Text; from: Text; to: Text }) => zh`${p.name}的周报：${p.from}至${p.to}`,
  visits: (p: { count: Text; change: Text }) => zh`拜访${p.count}次（${p.change}）`,
  discounts: (p: { requested: Text; granted: Text; change: Text }) =>
    zh`折扣申请${p.requested}个，批准${p.granted}个（${p.change}）`,
  change: (p: { delta: Text }) => zh`较上周${p.delta}`,
  same: '与上周持平',
  topCustomers: (p: { customers: Text }) => zh`拜访最多的客户：${p.customers}`,
  topCustomer: (p: { customer: Text; count: Text }) => zh`${p.customer}（${p.count}次）`,
  silent: (p: { reps: Text }) => zh`本周无拜访：${p.reps}`,
  noneSilent: '每位销售本周都有拜访。',
  noReps: '没有销售向你汇报。',
  separator: '、',
  charts: '图表：每位销售每个工作日的拜访（按类型）；按原因的折扣申请与批准。',
};
