/** 团队币种的金额，以及百分比旁的让利金额（README“Amounts”）。 */
import type { moneyEn } from './money-en.ts';
import { zh } from './zh-spacing.ts';

type P = Record<string, string | number>;

export const moneyZhCN: typeof moneyEn = {
  percentCut: (p: P) => zh`${p.percent}%（让利${p.cut}）`,
  discountAmount: (p: P) => zh`，金额${p.amount}`,
  cutOnAmount: (p: P) => zh`即在${p.amount}上让利${p.cut}，成交价${p.after}。`,
};
