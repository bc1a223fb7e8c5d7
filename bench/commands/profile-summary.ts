/**
 * `npx tsx bench/commands/profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile (from
 * `npm run bench:commands -- --profile`) spends its time — self time by package / source file, and
 * by function. Inclusive time for a few functions of interest is listed too.
 */
import { readFileSync } from 'node:fs';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/commands/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfUs = new Map<number, number>();
profile.samples.forEach((id, index) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});

function place(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName ? `(native) ${frame.functionName}` : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm:${pkg[1]}`;
  if (url.startsWith('node:')) return url;
  const local = /\/(src|dist|tests|bench)\/(.*)$/.exec(url);
  return local ? `${local[1]}/${local[2]}` : url;
}

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
const idle = [...idleIds].reduce((sum, id) => sum + (selfUs.get(id) ?? 0), 0);
const busy = total - idle;

function tally(key: (node: ProfileNode) => string): [string, number][] {
  const sums = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (idleIds.has(id)) continue;
    const node = byId.get(id);
    if (!node) continue;
    const k = key(node);
    sums.set(k, (sums.get(k) ?? 0) + us);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}

const pct = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)} %`;
console.log(
  `profile ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${((busy / total) * 100).toFixed(0)} %)`,
);
console.log('\nself time by place (share of busy time):');
for (const [k, us] of tally((node) => place(node.callFrame)).slice(0, top)) console.log(`${pct(us)}  ${k}`);
console.log('\nself time by function:');
for (const [k, us] of tally(
  (node) =>
    `${node.callFrame.functionName || '(anonymous)'}  ${place(node.callFrame)}:${node.callFrame.lineNumber + 1}`,
).slice(0, top))
  console.log(`${pct(us)}  ${k}`);

// Inclusive time: a sample counts for every distinct function on its stack.
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  if (idleIds.has(id)) continue;
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = byId.get(at);
    if (!node) break;
    const key = `${node.callFrame.functionName || '(anonymous)'}  ${place(node.callFrame)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
console.log('\ninclusive time of src/ (or its build, dist/) and bench/ functions:');
for (const [k, us] of [...inclusive]
  .filter(([k]) => /\s(src|dist|tests|bench)\//.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  console.log(`${pct(us)}  ${k}`);
