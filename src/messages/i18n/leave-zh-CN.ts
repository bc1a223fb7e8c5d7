/** 成员离职（README "A rep leaves"）：离司业务员客户100%回访。 */
import type { leaveEn, leaveErrorsEn } from './leave-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const leaveErrorsZhCN: typeof leaveErrorsEn = {
  member_left: () => '你已不是 AccountDesk 中本团队的在职成员，本次未记录任何内容。如有误，请联系管理员。',
  leave_to_self: (p: { member: Text }) => zh`${p.member}不能接手自己的客户。`,
  leave_to_inactive: (p: { member: Text }) => zh`${p.member}已不在职，不能接手客户。`,
  leave_no_owner: (p: { member: Text }) => zh`${p.member}没有上级来接手其客户和下属：请用 --to 指定接手人。`,
};

export const leaveZhCN: typeof leaveEn = {
  handedIntro: (p: { leaver: Text; count: Text }) =>
    zh`${p.leaver}已离职。其${p.count}个客户现已转给你——请逐一回访（离司业务员客户100%回访）：`,
  handedLine: (p: { customer: Text; tier: Text; due: Text }) =>
    zh`• ${p.customer}（${p.tier}）— 请于${p.due}前回访`,
  handedMore: (p: { count: Text }) => zh`……另有${p.count}个；/followups 可查看全部。`,
  withdrawnNote: (p: { leaver: Text }) => zh`${p.leaver}已离职。`,
  summary: (p: {
    leaver: Text;
    customers: Text;
    to: Text;
    reports: Text;
    manager: Text;
    withdrawn: Text;
    moved: Text;
  }) =>
    zh`${p.leaver}已离职：${p.customers}个客户已转交${p.to}，${p.reports}名下属已转至${p.manager}，${p.withdrawn}个未结申请已撤回，${p.moved}个待审批已上移。`,
  summaryTo: (p: { names: Text }) => zh`给${p.names}`,
  summaryManager: (p: { manager: Text }) => `${p.manager}`,
  summaryOwner: (p: { owner: Text; count: Text }) => zh`${p.owner}（${p.count}）`,
  summarySeparator: '、',
  already: (p: { leaver: Text; withdrawn: Text; moved: Text }) =>
    zh`${p.leaver}此前已离职；未再做其他更改（撤回${p.withdrawn}个未结申请，上移${p.moved}个待审批）。`,
  departed: (p: { leaver: Text; count: Text }) =>
    zh`${p.leaver}已离开工作区。请将其${p.count}个客户（将逐一回访）转交给：`,
  handOverTo: (p: { name: Text }) => zh`转交给${p.name}`,
  departedHint:
    '在你点选之前不会有任何变化。转交后其未结申请将撤回，待其审批的申请将上移；如需分给多人，请使用 accountdesk members leave 并指定多个 --to。',
  callbacks: (p: { done: Text; total: Text }) => zh`离职交接回访：已完成${p.done}/${p.total}`,
  callbackLine: (p: { owner: Text; done: Text; total: Text }) => zh`${p.owner}：${p.done}/${p.total}`,
};
