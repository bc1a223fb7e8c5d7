/**
 * `npm run bench:startup`: cold start of the compiled service (`node dist/main.js`, run
 * `npm run build` first) on PostgreSQL, from spawn until it logs that it listens. The first run
 * starts on an empty database (migrations included); the others on the migrated one.
 * DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); a scratch
 * database is created and dropped there.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import postgres from 'postgres';

const RUNS = Number(process.env.RUNS ?? 7);
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `accountdesk_bench_start_${process.pid}`;

async function admin(statement: string): Promise<void> {
  const sql = postgres(server, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

function startOnce(url: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: url,
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: 'bench',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('AccountDesk is running')) {
        const ms = performance.now() - started;
        child.once('exit', () => resolve(ms));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      if (!output.includes('AccountDesk is running')) reject(new Error(`exited ${code}:\n${output}`));
    });
  });
}

if (!existsSync('dist/main.js')) throw new Error('run `npm run build` first');
await admin(`create database ${name}`);
const url = `${server.replace(/\/[^/]*$/, '')}/${name}`;
try {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(await startOnce(url));
  const [first, ...warm] = times;
  const sorted = [...warm].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const line = (label: string, ms: number) => `${label.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms`;
  const lines = [
    `cold start of node dist/main.js on PostgreSQL, ${RUNS} runs`,
    line('first (empty database, migrations)', first ?? 0),
    line('later runs: min', sorted[0] ?? 0),
    line('later runs: median', median),
    line('later runs: max', sorted.at(-1) ?? 0),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await admin(`drop database if exists ${name} with (force)`);
}
