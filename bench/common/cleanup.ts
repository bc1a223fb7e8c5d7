/**
 * Steps a bench undoes on its way out (children stopped, databases dropped), run once, last added
 * first, whether it ends normally, fails, or is interrupted with Ctrl-C.
 */
export type Cleanup = {
  add: (step: () => Promise<void>) => void;
  run: () => Promise<void>;
  /** Runs the bench, cleans up, and exits 0 when it met its targets, 1 when not or when it failed. */
  exitAfter: (main: () => Promise<boolean>) => void;
};

export function createCleanup(log: (line: string) => void, onSignal: string): Cleanup {
  const steps: (() => Promise<void>)[] = [];
  let running: Promise<void> | undefined;
  const run = (): Promise<void> => {
    running ??= (async () => {
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          log(`cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return running;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: ${onSignal}`);
      void run().finally(() => process.exit(130));
    });
  }
  const exitAfter = (main: () => Promise<boolean>) => {
    main()
      .catch((error: unknown) => {
        log(error instanceof Error ? (error.stack ?? error.message) : String(error));
        return false;
      })
      .then(async (pass) => {
        await run();
        process.exit(pass ? 0 : 1);
      });
  };
  return { add: (step) => steps.push(step), run, exitAfter };
}
