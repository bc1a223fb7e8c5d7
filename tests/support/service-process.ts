import { type ChildProcess, spawn } from 'node:child_process';

/**
 * The service as an operator runs it: a child process whose logs the test reads. Shared by the
 * start-up, shutdown and compiled-build tests.
 */
export type ServiceProcess = {
  child: ChildProcess;
  /** Everything it has written to stdout and stderr so far. */
  output: () => string;
  /** Its exit code once it has exited (also when it already had). */
  exited: () => Promise<number | null>;
  /**
   * Resolves once the service logs that it is running, with the URL it listens on. No deadline of
   * its own unless `withinMs` is given: a cold `tsx` start on a loaded machine can take a minute,
   * so the test's timeout bounds it. Fails with what the process said when it exits first.
   */
  running: (withinMs?: number) => Promise<string>;
};

/** The environment of this test run without the chat credentials and database it may carry. */
export function environmentWithoutService(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('SLACK_') && key !== 'DATABASE_URL'),
  );
}

/** The service's environment as an operator sets it for Slack over HTTP (the fake Slack's API, port 0). */
export function slackServiceEnvironment(
  env: Record<string, string>,
  slack: { secret: string; apiUrl: string },
): NodeJS.ProcessEnv {
  return {
    ...environmentWithoutService(),
    ...env,
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: slack.secret,
    SLACK_API_URL: slack.apiUrl,
    LOG_LEVEL: 'info',
  };
}

/** Every service this test process started and has not seen exit. */
const started = new Set<ChildProcess>();

/**
 * Kills every service this test process started that is still running: a test that restarts the
 * service and keeps only the newest handle must not leave the older ones behind, polling a database
 * that was dropped, after the run.
 */
export function killServiceProcesses(): void {
  for (const child of started) child.kill('SIGKILL');
}
// The last resort, when the test process ends without its afterAll (a timeout, a crash).
process.once('exit', killServiceProcesses);

export function startServiceProcess(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): ServiceProcess {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exited = () => (child.exitCode !== null ? Promise.resolve(child.exitCode) : exit);

  async function running(withinMs?: number): Promise<string> {
    const deadline = withinMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + withinMs;
    while (!output.includes('AccountDesk is running')) {
      if (child.exitCode !== null)
        throw new Error(`exited with ${child.exitCode} before it was running:\n${output}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`not running after ${withinMs} ms:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return /"url":"([^"]+)"/.exec(output)?.[1] ?? '';
  }

  return { child, output: () => output, exited, running };
}
