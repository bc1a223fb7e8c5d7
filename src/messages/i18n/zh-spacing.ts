/**
 * Spacing in Chinese messages, decided where a value meets the text around it. Chinese puts no
 * space between characters, nor around full-width punctuation: "由张梅批准", not "由 张梅 批准". Latin
 * words, numbers and mentions beside Chinese characters do get one: "由 Riley 批准", "第 2 步". A
 * template cannot know which its values are, so the zh messages are written without spaces around
 * their values and this tag puts one where the value's edge and the text's edge call for it.
 */

/** Chinese characters: the ideographs (with extensions A and the compatibility block) and kana. */
const HAN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;

/** Whether a text ends in a Chinese character (so what follows it is set the Chinese way). */
export const endsInChinese = (text: string): boolean => HAN.test(text.at(-1) ?? '');

/** What starts a value that wants air from Chinese text: Latin, digits, mentions, ids, money. */
const LATIN_START = /[A-Za-z0-9⟦@#¥$€£]/u;

/** What ends a value that wants air from Chinese text: Latin, digits, a mention, a percent. */
const LATIN_END = /[A-Za-z0-9⟧%]/u;

/** `zh\`由${by}批准\`` → "由张梅批准" for 张梅, "由 Riley 批准" for Riley. */
export function zh(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    const text = String(value);
    const after = strings[index + 1] ?? '';
    const gapBefore = text !== '' && endsInChinese(out) && LATIN_START.test(text[0]!) ? ' ' : '';
    const gapAfter = text !== '' && LATIN_END.test(text.at(-1)!) && HAN.test(after[0] ?? '') ? ' ' : '';
    out += gapBefore + text + gapAfter + after;
  });
  return out;
}
