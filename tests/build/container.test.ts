/**
 * The container recipe, held to what it says without a Docker engine (this machine has none): the
 * Dockerfile is parsed (dockerfile-ast), its build stage's npm commands are replayed on a copy of
 * the repository, its runtime stage gets only what it copies from the build stage plus its own
 * `npm ci --omit=dev`, and its CMD starts there and passes the image's HEALTHCHECK. OS-level steps
 * (apt-get, the non-root user) cannot run here: they are listed, so a new one is never skipped
 * silently. compose.yaml is checked against the README's configuration.
 */
import { exec, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { DockerfileParser, type Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

// Asynchronous: a long synchronous npm ci would stall vitest's worker.
const run = promisify(exec);
const root = new URL('../..', import.meta.url).pathname;
const dockerfile = DockerfileParser.parse(readFileSync(join(root, 'Dockerfile'), 'utf8'));
const IGNORED = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').filter(Boolean);
/** Steps that need root or the OS package manager: present in the recipe, not replayable here. */
const OS_LEVEL = /^(apt-get |mkdir -p \/data)/;

type Stage = { name: string; image: string; steps: Instruction[] };

function stages(): Stage[] {
  const out: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const [image = '', , name = ''] = instruction.getArguments().map((arg) => arg.getValue());
      out.push({ name, image, steps: [] });
    } else out.at(-1)?.steps.push(instruction);
  }
  return out;
}

const args = (step: Instruction) => step.getArguments().map((arg) => arg.getValue());
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Replays a stage's steps in `dir` (its WORKDIR); returns its ENV, CMD and HEALTHCHECK command. */
async function replay(stage: Stage, dir: string, from: Record<string, string>) {
  const env: Record<string, string> = {};
  let cmd: string[] = [];
  let healthcheck = '';
  const skipped: string[] = [];
  for (const step of stage.steps) {
    const keyword = step.getKeyword();
    const text = step.getArgumentsContent() ?? '';
    if (keyword === 'ENV') {
      for (const pair of args(step)) {
        const [key = '', value = ''] = pair.split('=');
        env[key] = value;
      }
    } else if (keyword === 'COPY') {
      const flags = step instanceof ModifiableInstruction ? step.getFlags() : [];
      const fromFlag = flags.find((flag) => flag.getName() === 'from')?.getValue() ?? undefined;
      const [source = '', target = ''] = args(step).slice(-2);
      if (fromFlag) {
        const base = from[fromFlag];
        expect(base, `COPY --from=${fromFlag}: no such stage`).toBeDefined();
        cpSync(join(base!, relative('/app', source)), join(dir, target), { recursive: true });
      } else {
        // COPY from the build context (the repository, minus .dockerignore) into the work directory.
        for (const name of args(step).slice(0, -1))
          if (name !== '.') cpSync(join(root, name), join(dir, name), { recursive: true });
      }
    } else if (keyword === 'RUN') {
      if (OS_LEVEL.test(text)) skipped.push(text);
      else await run(text, { cwd: dir, env: { ...process.env, ...env } });
    } else if (keyword === 'CMD') cmd = JSON.parse(text) as string[];
    else if (keyword === 'HEALTHCHECK') healthcheck = text.replace(/^.*?CMD\s+/s, '').replace(/\\\n/g, ' ');
  }
  return { env, cmd, healthcheck, skipped };
}

describe('the container recipe', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'accountdesk-image-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('has a build stage and a slim runtime stage that runs as a non-root user under an init', () => {
    const [build, runtime] = stages();
    expect(build?.name).toBe('build');
    expect(runtime?.image).toMatch(/slim/);
    const keywords = runtime!.steps.map((step) => `${step.getKeyword()} ${step.getArgumentsContent()}`);
    expect(keywords).toContainEqual(expect.stringMatching(/^USER node/));
    expect(keywords).toContainEqual(expect.stringMatching(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]/));
    expect(keywords).toContainEqual(expect.stringMatching(/^RUN npm ci --omit=dev/));
    expect(keywords).toContainEqual(expect.stringMatching(/^HEALTHCHECK .*\/healthz/));
  });

  it('builds, then runs the runtime stage with only what it copies and gets 200 from /healthz', async () => {
    const [build, runtime] = stages();
    const buildDir = join(scratch, 'build');
    cpSync(root, buildDir, {
      recursive: true,
      filter: (path) => !IGNORED.some((pattern) => relative(root, path).split('/')[0] === pattern),
    });
    await replay(build!, buildDir, {});
    const runDir = join(scratch, 'runtime');
    const image = await replay(runtime!, runDir, { build: buildDir });
    expect(image.skipped).toEqual([
      expect.stringMatching(/^apt-get /),
      expect.stringMatching(/^mkdir -p \/data/),
    ]);
    // What the runtime has: no sources, no TypeScript, no dev dependencies.
    expect(() => readFileSync(join(runDir, 'src/main.ts'))).toThrow();
    expect(() => readFileSync(join(runDir, 'node_modules/typescript/package.json'))).toThrow();

    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      ...image.env,
      PORT: String(port),
      DATA_DIR: join(runDir, 'data'),
      SLACK_BOT_TOKEN: 'xoxb-image-test',
      SLACK_SIGNING_SECRET: 'image-test-secret',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    };
    const [command = '', ...rest] = image.cmd;
    const child = spawn(command === 'node' ? process.execPath : command, rest, {
      cwd: runDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      while (!output.includes('AccountDesk is running')) {
        if (child.exitCode !== null) throw new Error(`the image's CMD exited:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      // The image's own HEALTHCHECK command, as Docker would run it.
      await run(image.healthcheck, { cwd: runDir, env });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 600_000);

  it('describes a compose deployment whose settings the README documents', () => {
    const compose = parseYaml(readFileSync(join(root, 'compose.yaml'), 'utf8')) as {
      services: Record<string, Record<string, unknown>>;
      volumes: Record<string, unknown>;
    };
    const { postgres, accountdesk } = compose.services;
    expect(postgres?.image).toBe('postgres:16');
    expect(postgres?.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(postgres?.healthcheck).toBeDefined();
    expect(Object.keys(compose.volumes)).toContain('pgdata');
    expect(accountdesk?.build).toBe('.');
    expect(accountdesk?.env_file).toBe('.env');
    expect(accountdesk?.deploy).toMatchObject({ replicas: 2 });
    expect(accountdesk?.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    expect(JSON.stringify(accountdesk?.healthcheck)).toContain('/healthz');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const environment = accountdesk?.environment as Record<string, string>;
    for (const variable of Object.keys(environment)) expect(readme).toContain(`| \`${variable}\``);
    expect(environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
  });
});
