/** English count words by the language's own rule (Intl.PluralRules), so no reader sees "day(s)". */
const english = new Intl.PluralRules('en');

/** `count(3, 'day')` → "3 days"; `count(1, 'day')` → "1 day"; irregular plurals are given. */
export function count(n: number | string, one: string, other = `${one}s`): string {
  const value = Number(n);
  return `${n} ${english.select(value) === 'one' ? one : other}`;
}
