/**
 * When two company names are "the same company" for a rep adding a prospect (docs/domain.md,
 * "Prospects from chat"): the key ignores case, width (full-width ＡＣＭＥ is ACME), spacing,
 * punctuation and the legal-form suffix a rep may or may not type (Ltd, Co., 有限公司 …). It is a
 * warning aid, not the natural key: that stays `normalizeName` (the import's unique `name_key`).
 */

/** Latin legal forms, as whole words at the end of the name ("Acme Co., Ltd." → acme). */
const LATIN_SUFFIXES = new Set([
  'ltd',
  'limited',
  'co',
  'company',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sarl',
  'bv',
  'nv',
  'pte',
  'pty',
  'kk',
  'group',
  'holdings',
]);

/**
 * Chinese legal forms, stripped from the end (longest first, so 股份有限公司 goes whole). 集团 is
 * included: 明辉集团 and 明辉有限公司 are what a rep would call the same customer.
 */
const CJK_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '集团股份公司',
  '有限公司',
  '集团公司',
  '股份公司',
  '总公司',
  '分公司',
  '集团',
  '公司',
  '株式会社',
];

/** Words of letters and digits; anything else (spaces, dots, brackets, 、。) separates them. */
const SEPARATOR = /[^\p{L}\p{N}]+/u;

/**
 * The near-duplicate key of a company name: "ACME Co., Ltd.", "ａｃｍｅ ltd" and "Acme" share
 * `acme`; "上海明辉贸易有限公司" and "上海明辉贸易（集团）" share `上海明辉贸易`. A name that is only
 * a suffix keeps it, so "Company" is not the same as every other company.
 */
export function companyKey(name: string): string {
  const words = name.normalize('NFKC').toLowerCase().split(SEPARATOR).filter(Boolean);
  while (words.length > 1 && LATIN_SUFFIXES.has(words.at(-1)!)) words.pop();
  const whole = words.join('');
  let key = whole;
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of CJK_SUFFIXES) {
      if (key.length > suffix.length && key.endsWith(suffix)) {
        key = key.slice(0, -suffix.length);
        changed = true;
        break;
      }
    }
  }
  // Only legal forms (有限公司 → 有限): nothing was a name, so keep it all.
  return CJK_SUFFIXES.some((suffix) => suffix !== key && suffix.startsWith(key)) ? whole : key;
}

/** The first characters of a key: what the database prefilters on before keys are compared exactly. */
export function companyKeyPrefix(key: string, length = 3): string {
  return [...key].slice(0, length).join('');
}
