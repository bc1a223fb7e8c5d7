/**
 * Steps a bench undoes on its way out (children stopped, databases dropped), run once, last added
 * first, whether it ends normally, fails, or is interrupted with Ctrl-C.
 */
export type Cleanup = {
  add: (step: () => Promise<void>) => void;
  run: () => Promise<void>;
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
  return { add: (step) => steps.push(step), run };
}
