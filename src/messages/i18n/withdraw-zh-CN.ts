/** 撤回折扣申请（README“Withdrawing a request”）。 */
import type { withdrawEn } from './withdraw-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const withdrawZhCN: typeof withdrawEn = {
  button: '撤回',
  formTitle: '撤回申请',
  submit: '撤回',
  reasonLabel: '撤回原因',
  reasonPlaceholder: '例如：客户已按原价签约',
  done: (p: { id: Text; customer: Text; percent: Text; told: Text }) =>
    zh`申请 #${p.id}（${p.customer}，${p.percent}%）已撤回，已通知${p.told}。`,
  doneNobodyTold: (p: { id: Text; customer: Text; percent: Text }) =>
    zh`申请 #${p.id}（${p.customer}，${p.percent}%）已撤回。`,
  state: (p: { by: Text; at: Text }) => zh`${p.by}于${p.at}撤回`,
  stateReplaced: (p: { at: Text; id: Text }) => zh`已于${p.at}被申请 #${p.id}取代`,
  threadReplaced: (p: { by: Text; id: Text; percent: Text }) =>
    zh`${p.by}用申请 #${p.id}（${p.percent}%）取代了此申请。`,
  approverToldReplaced: (p: {
    by: Text;
    newId: Text;
    newPercent: Text;
    id: Text;
    customer: Text;
    percent: Text;
  }) =>
    zh`${p.by}用申请 #${p.newId}（${p.newPercent}%）取代了折扣申请 #${p.id}（${p.customer}，${p.percent}%），#${p.id}无需再审批。`,
  reason: (p: { reason: Text }) => zh`原因：${p.reason}`,
  thread: (p: { by: Text }) => zh`${p.by}撤回了此申请。`,
  approverTold: (p: { by: Text; id: Text; customer: Text; percent: Text }) =>
    zh`${p.by}撤回了折扣申请 #${p.id}（${p.customer}，${p.percent}%），无需再审批。`,
  listHeader: '你尚未结束的申请——客户不再需要的可以撤回，收到还价的可以接受或拒绝：',
  listLine: (p: { id: Text; customer: Text; percent: Text; since: Text; approver: Text }) =>
    zh`#${p.id} · ${p.customer} ${p.percent}% · ${p.since}起由${p.approver}审批`,
  listNone: '你没有等待审批的申请，无需撤回。',
};
