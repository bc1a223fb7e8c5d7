import { endsInChinese } from './i18n/zh-spacing.ts';

/**
 * "Label: value" in either language: a Chinese label takes the full-width colon with no space
 * (客户：Globex), any other label ": " (Customer: Globex). Decided by the label itself, so message
 * builders, the Lark card and plain-text previews agree without being told the reader's language.
 */
export function labelled(label: string, value: string | number): string {
  return `${label}${endsInChinese(label) ? '：' : ': '}${value}`;
}
