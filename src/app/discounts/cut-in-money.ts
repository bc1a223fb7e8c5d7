import type { Locale } from '../../config.ts';
import { discountCut, priceAfterDiscount } from '../../domain/discount-policy.ts';
import { formatMoney } from '../../messages/i18n/index.ts';

/**
 * The three amounts every line about a cut in money names, written for one reader: the deal, the cut
 * and the price after it (README, "Amounts"; computed so that cut and price add up to the deal).
 */
export function cutInMoney(
  amount: number,
  percent: number,
  currency: string,
  locale: Locale,
): { amount: string; cut: string; after: string } {
  const money = (value: number) => formatMoney(value, currency, locale);
  return {
    amount: money(amount),
    cut: money(discountCut(amount, percent)),
    after: money(priceAfterDiscount(amount, percent)),
  };
}
