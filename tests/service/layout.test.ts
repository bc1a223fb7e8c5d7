import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The house rules of docs/architecture.md, held against the tree. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = join(ROOT, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const sources = filesUnder(SRC).filter((path) => /\.(ts|js)$/.test(path));
const typescript = sources.filter((path) => path.endsWith('.ts'));
const rel = (path: string) => relative(ROOT, path);
const importsOf = (path: string) =>
  [...readFileSync(path, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('layout', () => {
  it('keeps every module in src/ at 300 lines or fewer', () => {
    const long = sources
      .map((path) => ({ path: rel(path), lines: readFileSync(path, 'utf8').split('\n').length - 1 }))
      .filter((file) => file.lines > 300);
    expect(long).toEqual([]);
  });

  it('keeps the Slack emulator free of the product: only its own files, node and packages', () => {
    const emulator = join(SRC, 'sandbox', 'emulator');
    const outside = sources
      .filter((path) => path.startsWith(emulator))
      .flatMap((path) =>
        importsOf(path)
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => ({ file: rel(path), target: resolve(path, '..', spec) }))
          .filter(({ target }) => !target.startsWith(emulator))
          .map(({ file, target }) => `${file} -> ${rel(target)}`),
      );
    expect(outside).toEqual([]);
  });

  it('keeps transports free of SQL: platforms never import the database', () => {
    const platforms = join(SRC, 'platforms');
    const direct = typescript
      .filter((path) => path.startsWith(platforms))
      .filter((path) => importsOf(path).some((spec) => /\/db\/|drizzle-orm|^postgres$/.test(spec)))
      .map(rel);
    expect(direct).toEqual([]);
  });

  it('has no console calls and no `any` in src/', () => {
    const offenders = typescript.filter((path) => {
      const code = readFileSync(path, 'utf8');
      return /\bconsole\./.test(code) || /:\s*any\b|\bas any\b|<any>/.test(code);
    });
    expect(offenders.map(rel)).toEqual([]);
  });

  it('cites documents of this repository, never files outside it', () => {
    const external = [
      ...['src', 'tests', 'bench', 'docs'].flatMap((dir) => filesUnder(join(ROOT, dir))),
      join(ROOT, 'README.md'),
    ]
      .filter((path) => /\.(ts|js|md)$/.test(path))
      .filter((path) => /DESIGN\.md|\.\.\/shared\//.test(readFileSync(path, 'utf8')))
      .filter((path) => !path.endsWith('layout.test.ts'))
      .map(rel);
    expect(external).toEqual([]);
  });
});
