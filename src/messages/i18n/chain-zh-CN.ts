/** 审批链上的上下文：后一级审批人看到的前一级，以及审批的最终结果。 */
import type { chainEn } from './chain-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const chainZhCN: typeof chainEn = {
  earlierStep: (p: { step: Text; by: Text; at: Text; outcome: Text }) =>
    zh`第${p.step}步：${p.by}于${p.at} ${p.outcome}。`,
  earlierNote: (p: { note: Text }) => zh`其备注：${p.note}`,
  earlierThread: (p: { step: Text }) => zh`第${p.step}步的讨论`,
  final: (p: { by: Text; at: Text; outcome: Text }) => zh`🏁 最终结果：${p.by}于${p.at} ${p.outcome}`,
  earlierToldApproved: (p: { step: Text; id: Text; customer: Text; percent: Text; by: Text }) =>
    zh`你在第${p.step}步批准的折扣申请 #${p.id}（${p.customer}，${p.percent}%）已由${p.by}最终批准。`,
  earlierToldRejected: (p: { step: Text; id: Text; customer: Text; percent: Text; by: Text }) =>
    zh`你在第${p.step}步批准的折扣申请 #${p.id}（${p.customer}，${p.percent}%）已被${p.by}驳回。`,
  earlierToldDeclined: (p: { step: Text; id: Text; customer: Text; percent: Text; by: Text }) =>
    zh`你在第${p.step}步批准的折扣申请 #${p.id}（${p.customer}，${p.percent}%）已关闭：${p.by}拒绝了还价。`,
  completeApproved: (p: { percent: Text; price: Text }) =>
    zh`审批已全部完成：你可以报价${p.percent}% 折扣${p.price}。`,
  completePrice: (p: { after: Text; amount: Text; cut: Text }) =>
    zh`，即${p.after}（原价${p.amount}，让利${p.cut}）`,
  completeRejected: '审批已全部完成：本申请不可报任何折扣。',
};
