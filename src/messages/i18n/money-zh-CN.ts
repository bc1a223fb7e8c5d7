/** 团队币种的金额，以及百分比旁的让利金额（README“Amounts”）。 */
import type { moneyEn } from './money-en.ts';
import { zh } from './zh-spacing.ts';

/** A value a message shows: a name, a date, a count. */
type Text = string | number;

export const moneyZhCN: typeof moneyEn = {
  percentCut: (p: { percent: Text; cut: Text }) => zh`${p.percent}%（让利${p.cut}）`,
  discountAmount: (p: { amount: Text }) => zh`，金额${p.amount}`,
  cutOnAmount: (p: { amount: Text; cut: Text; after: Text }) =>
    zh`即在${p.amount}上让利${p.cut}，成交价${p.after}。`,
};
