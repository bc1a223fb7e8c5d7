import fc from 'fast-check';

/**
 * "Verbatim", as these properties check it: what the rep typed after the customer's name comes back
 * character for character, except the whitespace before its first word and after its last (the space
 * between the name and the notes separates them; trailing spaces are invisible in chat). That is
 * `String.prototype.trim`, whose whitespace is exactly the `\s` the tokenizer splits on.
 *
 * Note text here excludes what the issue excludes (U+0000, lone surrogates, unquoted option tokens
 * such as `next:…`) and, deliberately, the mention-marker brackets ⟦ ⟧: they are the app's own
 * (messages/model.ts) and removed from anything typed, so a rep cannot forge a mention.
 */

const OPTION_KEYS = ['next', 'stage', 'kind', 'reason', 'deal', 'tier'];
const OPTION_START = new RegExp(`^(${OPTION_KEYS.join('|')})[:：]`, 'i');

/** Characters reps actually type, weighted in beside arbitrary code points. */
const TYPED = [
  ...'，。、；：！？（）【】《》“”‘’「」『』"\'„«»—…·％￥',
  ...'拜访了采购部讨论价格签约下周华为技术客户',
  ...'ＡＢＣａｂｃ１２３',
  '🎉',
  '👍🏽',
  '👨‍👩‍👧',
  '\u00e9',
  'e\u0301',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\u3000',
  '\u00a0',
  ':',
  '%',
  '"',
  '「',
  '」',
];

/** Spacing is where a tokenizer loses words: it comes often, in every kind. */
const SPACING = [' ', '  ', '\t', '\n', '\r\n', '\u3000', '\u00a0', ' \u3000 ', '\u2003', '\ufeff'];

const noteChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TYPED) },
  { weight: 2, arbitrary: fc.constantFrom(...SPACING) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  // Any code point but a lone surrogate (fast-check's 'binary' never yields half a pair).
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

export const hasOptionToken = (text: string) => text.split(/\s+/).some((word) => OPTION_START.test(word));

/** Free text as a rep may type it: never empty once trimmed, at most a few hundred characters. */
export const noteText = fc
  .array(noteChar, { minLength: 1, maxLength: 60 })
  .map((chars) => chars.join(''))
  .filter(
    (text) => text.trim() !== '' && !text.includes('\u0000') && !/[⟦⟧]/.test(text) && !hasOptionToken(text),
  );

export const gap = fc.constantFrom(' ', '  ', '\t', '\n', '\u3000', ' \n ');
