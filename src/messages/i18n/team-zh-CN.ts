/** 团队日报与报告，以及停滞客户的转交。 */
import type { reassignEn, teamEn } from './team-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const teamZhCN: typeof teamEn = {
  header: (p: { name: Text; date: Text }) => zh`${p.name}的团队日报——${p.date}`,
  reportHeader: (p: { name: Text; from: Text; to: Text }) => zh`${p.name}的团队报告——${p.from}至${p.to}`,
  yesterday: (p: { date: Text }) => zh`${p.date}的拜访`,
  visitsInPeriod: '拜访',
  visitsLine: (p: { rep: Text; count: Text; customers: Text }) => zh`${p.rep}：${p.count}次——${p.customers}`,
  noVisits: '没有拜访。',
  silent: (p: { days: Text }) => zh`连续${p.days}个工作日没有拜访`,
  silentLine: (p: { rep: Text; last: Text }) => zh`${p.rep}（上次拜访${p.last}）`,
  silentNever: (p: { rep: Text }) => zh`${p.rep}（尚无拜访）`,
  waiting: (p: { count: Text }) => zh`等待你审批（${p.count}）`,
  waitingLine: (p: { id: Text; customer: Text; percent: Text; rep: Text; age: Text }) =>
    zh`#${p.id} ${p.customer} ${p.percent}%，来自${p.rep}—— 已等待${p.age}`,
  stale: (p: { days: Text; count: Text }) => zh`停滞客户——${p.days}天没有进展（${p.count}）`,
  staleLine: (p: { customer: Text; tier: Text; owner: Text; since: Text }) =>
    zh`${p.customer}（${p.tier}级），${p.owner}—— 自${p.since}起没有进展`,
  reassignPlaceholder: '转交给……',
  discounts: (p: { period: Text }) => zh`折扣（${p.period}）`,
  monthToDate: '本月至今',
  discountFigures: (p: { requests: Text; rate: Text; average: Text; total: Text }) =>
    zh`${p.requests}个申请，批准率${p.rate}，平均折扣${p.average}，共让利${p.total}。`,
  noDiscounts: '没有折扣申请。',
  everyoneActive: '每个人最近都有拜访。',
  nothingWaiting: '没有等待你审批的申请。',
  noStale: '没有停滞客户。',
  none: '—',
};

export const reassignZhCN: typeof reassignEn = {
  done: (p: { customer: Text; owner: Text; due: Text }) =>
    zh`${p.customer}已转交给${p.owner}，下次跟进日为${p.due}，并已通知对方。`,
  confirm: (p: { customer: Text; from: Text; to: Text }) =>
    zh`将${p.customer}从${p.from}转交给${p.to}？${p.to}将收到该客户及其历史记录，并须在其下一个工作日跟进。`,
  confirmButton: '确认转交',
  cancelButton: '取消',
  cancelled: '未转交任何客户。',
  alreadyTheirs: (p: { customer: Text; owner: Text }) => zh`${p.customer}已归属${p.owner}，未做任何更改。`,
  handedLine: (p: { customer: Text; by: Text; owner: Text }) => zh`${p.customer}已由${p.by}转交给${p.owner}`,
  newOwner: (p: { by: Text; customer: Text }) =>
    zh`${p.by}将${p.customer}转交给了你，请尽快跟进。客户信息如下：`,
  oldOwner: (p: { by: Text; customer: Text; owner: Text }) => zh`${p.by}已将${p.customer}转交给${p.owner}。`,
  notAllowed: () => '只有主管、总监或管理员可以转交客户。',
  changedMeanwhile: (p: { customer: Text }) => zh`${p.customer}已被他人转交，未做任何更改。`,
  notInTeam: (p: { name: Text }) => zh`${p.name}不在你的团队中，或尚未加入 AccountDesk。`,
};
