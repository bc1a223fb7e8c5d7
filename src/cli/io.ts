/** Where the CLI writes and what it reads: the real process in production, buffers in tests. */
export type CliIo = {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  now?: () => Date;
};

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
/** A command line or a configuration that does not say what to do. */
export const EXIT_USAGE = 2;
