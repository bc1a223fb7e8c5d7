/**
 * CSV injection (OWASP): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a
 * live formula when a spreadsheet opens the file. Exports put a single quote before such a cell —
 * and before one that already starts with quotes followed by such a character — and imports take
 * exactly that one quote off again, so export → import gives back the stored text to the letter
 * (README, "Import your team and customers").
 */
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function guardFormula(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

export function unguardFormula(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
