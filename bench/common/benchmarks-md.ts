import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** What BENCHMARKS.md starts with when a bench creates it. */
const HEADER = `# Benchmarks

Figures recorded by the scripts under \`bench/\`. Each section says the command that produced it;
re-run that command to refresh the section in place.
`;

/**
 * Replaces one bench's section of BENCHMARKS.md (between `<!-- bench:NAME:start -->` and
 * `<!-- bench:NAME:end -->`) or appends it; creates the file with a header if needed.
 */
export function writeSection(file: string, bench: string, section: string): void {
  const startMarker = `<!-- bench:${bench}:start -->`;
  const endMarker = `<!-- bench:${bench}:end -->`;
  const block = `${startMarker}\n${section.trim()}\n${endMarker}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const start = current.indexOf(startMarker);
  const end = current.indexOf(endMarker);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(end + endMarker.length)}`
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
