/** 商机与防止绕过折扣政策的规则（README“Deals and re-approval”）。 */
import type { dealEn } from './deal-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const dealZhCN: typeof dealEn = {
  label: '商机',
  approvedBy: (p: { by: Text }) => zh`由${p.by}批准`,
  approvedAutomatically: '自动批准',
  reapproved: (p: { customer: Text; percent: Text; date: Text; how: Text; earlier: Text; id: Text }) =>
    zh`已自动批准：${p.customer}的${p.percent}% 折扣不超过该商机于${p.date} ${p.how}的${p.earlier}%（申请 #${p.id}）。`,
  recordedAndReported: (p: { manager: Text }) => zh`已记录并报告给${p.manager}。`,
  recorded: '已记录。',
  reapprovalReport: (p: {
    rep: Text;
    customer: Text;
    percent: Text;
    date: Text;
    how: Text;
    earlier: Text;
    id: Text;
  }) =>
    zh`知悉：${p.rep}再次获得${p.customer} ${p.percent}% 折扣：该商机已于${p.date} ${p.how} ${p.earlier}%（申请 #${p.id}）。`,
  rejectedBeforeRep: (p: { id: Text; percent: Text; date: Text; by: Text }) =>
    zh`该商机的申请 #${p.id}（${p.percent}%）已于${p.date}被${p.by}驳回，因此本次申请需要人工审批，不会自动批准。`,
  limitRep: (p: { days: Text; customer: Text; used: Text; limit: Text; approver: Text }) =>
    zh`近${p.days}天你在${p.customer}已有${p.used}次自动批准（上限${p.limit}次），因此本次由${p.approver}审批。`,
  rejectedBeforeApprover: (p: { id: Text; percent: Text; date: Text; by: Text }) =>
    zh`⛔ 该商机此前：申请 #${p.id}（${p.percent}%）已于${p.date}被${p.by}驳回。`,
  theirNote: (p: { note: Text }) => zh`备注：${p.note}`,
  limitApprover: (p: { days: Text; rep: Text; customer: Text; used: Text; limit: Text }) =>
    zh`为什么由你审批：近${p.days}天${p.rep}在${p.customer}已有${p.used}次自动批准（上限${p.limit}次）。`,
  replaces: (p: { ids: Text }) => zh`本申请取代了仍在等待审批的申请 #${p.ids}。`,
};
