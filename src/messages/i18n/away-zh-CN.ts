/** 离开与代理审批：成员不在岗期间，其审批转给代理人（README“Away”）。 */
import type { awayEn, awayErrorsEn } from './away-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const awayErrorsZhCN: typeof awayErrorsEn = {
  away_usage: () =>
    '请说明离开到哪天：`/accountdesk away YYYY-MM-DD [@代理人]`，例如 `/accountdesk away 2026-12-15 @吴丹`。不指定代理人则由你的上级审批。',
  away_date_invalid: (p: { value: Text }) =>
    zh`“${p.value}”不是有效日期，请使用 YYYY-MM-DD 格式，例如 2026-12-15。`,
  away_until_before_from: (p: { until: Text; from: Text }) =>
    zh`离开的结束日期（${p.until}）早于开始日期（${p.from}）。`,
  away_until_past: (p: { until: Text; today: Text }) =>
    zh`${p.until}已经过去（今天是${p.today}），结束日期须是今天或以后。`,
  delegate_unknown: () => '你指定的人还没有加入 AccountDesk，请指定团队中的成员。',
  delegate_self: (p: { member: Text }) =>
    zh`代理人不能是${p.member}本人：请指定其他人，或不指定，由${p.member}的上级审批。`,
  delegate_loop: (p: { day: Text; chain: Text }) =>
    zh`${p.day}会形成循环：${p.chain}。审批会来回转交、无人处理，请指定其他代理人。`,
  delegate_none: (p: { day: Text; member: Text; last: Text }) =>
    zh`${p.day}没有人能代${p.member}审批：${p.last}不在岗，也没有代理人或上级可以转交。请指定一位在岗的代理人。`,
};

export const awayZhCN: typeof awayEn = {
  summary: (p: { member: Text; from: Text; until: Text; delegate: Text; via: Text }) =>
    zh`${p.member} ${p.from}至${p.until}不在岗，审批转给${p.delegate}${p.via}。`,
  youAway: (p: { from: Text; until: Text; delegate: Text; via: Text }) =>
    zh`你${p.from}至${p.until}不在岗，你的审批转给${p.delegate}${p.via}。`,
  via: (p: { names: Text }) => zh`（经${p.names}转交，对方也不在岗）`,
  moved: (p: { count: Text }) => zh`已转交${p.count}个待审批申请。`,
  back: (p: { member: Text }) => zh`${p.member}已回岗，新的审批重新交给其本人。`,
  notAway: (p: { member: Text }) => zh`${p.member}并未设置离开，未做任何更改。`,
  youBack: '欢迎回来：新的审批会重新交给你，已转交的审批仍由代理人处理。',
  youNotAway: '你并未设置离开，未做任何更改。',
  delegateTold: (p: { member: Text; from: Text; until: Text }) =>
    zh`${p.member} ${p.from}至${p.until}不在岗，期间由你代为审批其折扣申请。`,
  onBehalf: (p: { away: Text; until: Text }) => zh`${p.away}离开至${p.until}，由你代为审批。`,
  onBehalfNoDate: (p: { away: Text }) => zh`${p.away}不在岗，由你代为审批。`,
  movedLeft: (p: { away: Text; delegate: Text }) => zh`${p.away}已离职，已转交${p.delegate}审批`,
  repMovedLeft: (p: { id: Text; customer: Text; percent: Text; delegate: Text; away: Text }) =>
    zh`你的申请 #${p.id}（${p.customer}，${p.percent}%）已转交${p.delegate}审批：${p.away}已离职。`,
  movedState: (p: { away: Text; until: Text; delegate: Text }) =>
    zh`${p.away}离开至${p.until}，已转交${p.delegate}审批`,
  repMoved: (p: { id: Text; customer: Text; percent: Text; delegate: Text; away: Text; until: Text }) =>
    zh`你的申请 #${p.id}（${p.customer}，${p.percent}%）已转交${p.delegate}审批：${p.away}离开至${p.until}。`,
  sentFor: (p: { away: Text; until: Text; delegate: Text }) =>
    zh`${p.away}离开至${p.until}，由${p.delegate}代为审批。`,
};
