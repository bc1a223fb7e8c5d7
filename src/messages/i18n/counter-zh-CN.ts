/** 还价：审批人提出更小的折扣，客户经理接受或拒绝（README“Counter-offers”）。 */
import type { counterEn } from './counter-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const counterZhCN: typeof counterEn = {
  button: '还价…',
  formTitle: '还价',
  submit: '发送还价',
  percentLabel: '还价折扣（%）',
  percentHint: (p: { requested: Text }) => zh`需低于申请的${p.requested}%，由客户经理接受或拒绝。`,
  noteLabel: '给客户经理的说明',
  notePlaceholder: '例如：15% 能保住毛利，可以加送两天培训',
  sent: (p: { id: Text; customer: Text; rep: Text; percent: Text }) =>
    zh`已就申请 #${p.id}（${p.customer}）向${p.rep}还价${p.percent}%，对方可接受或拒绝。`,
  state: (p: { by: Text; at: Text; percent: Text; asked: Text }) =>
    zh`${p.by}于${p.at}还价${p.percent}%（申请${p.asked}%）。`,
  stateWaiting: (p: { rep: Text }) => zh`等待${p.rep}答复。`,
  stateAccepted: (p: { rep: Text; at: Text }) => zh`${p.rep}于${p.at}接受。`,
  stateDeclined: (p: { rep: Text; at: Text }) => zh`${p.rep}于${p.at}拒绝。`,
  stateExpired: (p: { at: Text }) => zh`无人答复，已于${p.at}过期。`,
  requested: (p: { asked: Text; percent: Text }) => zh`${p.asked}% → ${p.percent}%（还价）`,
  earlier: (p: { step: Text; by: Text; at: Text; percent: Text; rep: Text }) =>
    zh`第${p.step}步：${p.by}于${p.at}还价${p.percent}%，${p.rep}已接受。`,
  thread: (p: { by: Text; percent: Text; asked: Text }) =>
    zh`${p.by}还价${p.percent}%（申请为${p.asked}%）。`,
  threadAccepted: (p: { rep: Text; percent: Text }) => zh`${p.rep}接受了${p.percent}% 的还价。`,
  threadDeclined: (p: { rep: Text; percent: Text }) => zh`${p.rep}拒绝了${p.percent}% 的还价，申请已关闭。`,
  threadExpired: (p: { percent: Text; days: Text }) =>
    zh`${p.percent}% 的还价${p.days}个工作日内无人答复，申请按拒绝关闭。`,
  repOffer: (p: { by: Text; id: Text; customer: Text; asked: Text; percent: Text }) =>
    zh`${p.by}对你的折扣申请 #${p.id}（${p.customer}，${p.asked}%）提出还价：${p.percent}%。`,
  repOfferPrice: (p: { after: Text; amount: Text; cut: Text }) =>
    zh`即${p.after}（原价${p.amount}，让利${p.cut}）。`,
  repOfferAsk: (p: { percent: Text; days: Text }) =>
    zh`接受则按${p.percent}% 继续审批，拒绝则关闭申请。${p.days}个工作日内不答复将自动过期。`,
  accept: '接受',
  decline: '拒绝',
  repAccepted: (p: { at: Text; percent: Text }) => zh`你已于${p.at}接受${p.percent}%。`,
  repDeclined: (p: { at: Text }) => zh`你已于${p.at}拒绝，申请已关闭。`,
  repExpired: (p: { at: Text }) => zh`还价已于${p.at}过期未答复，申请按拒绝关闭。`,
  repClosed: (p: { state: Text }) => zh`已不可答复：${p.state}`,
  acceptedNext: (p: { id: Text; percent: Text; next: Text; step: Text }) =>
    zh`已接受：申请 #${p.id}现为${p.percent}%，转交${p.next}进行第${p.step}步审批。`,
  acceptedApproved: (p: { id: Text; percent: Text }) => zh`已接受：申请 #${p.id}按${p.percent}% 批准。`,
  declined: (p: { id: Text }) => zh`已拒绝：申请 #${p.id}已关闭。客户情况变化时可重新申请。`,
  approverToldAccepted: (p: { rep: Text; id: Text; customer: Text; percent: Text }) =>
    zh`${p.rep}接受了你对申请 #${p.id}（${p.customer}）的${p.percent}% 还价。`,
  approverToldForwarded: (p: { next: Text; step: Text }) => zh`现转交${p.next}进行第${p.step}步审批。`,
  approverToldApproved: '申请已按该折扣批准。',
  approverToldDeclined: (p: { rep: Text; id: Text; customer: Text; percent: Text }) =>
    zh`${p.rep}拒绝了你对申请 #${p.id}（${p.customer}）的${p.percent}% 还价，申请已关闭。`,
  approverToldExpired: (p: { id: Text; customer: Text; percent: Text; days: Text }) =>
    zh`你对申请 #${p.id}（${p.customer}）的${p.percent}% 还价${p.days}个工作日内无人答复，申请按拒绝关闭。`,
  repReminder: (p: { by: Text; id: Text; customer: Text; percent: Text; days: Text }) =>
    zh`提醒：${p.by}对申请 #${p.id}（${p.customer}）的${p.percent}% 还价正等待你答复，${p.days}个工作日内不答复将自动过期。`,
  listLine: (p: { id: Text; customer: Text; asked: Text; by: Text; percent: Text }) =>
    zh`#${p.id} · ${p.customer} ${p.asked}% · ${p.by}还价${p.percent}%`,
  answers: { accepted: '接受', declined: '拒绝', expired: '过期' },
};
