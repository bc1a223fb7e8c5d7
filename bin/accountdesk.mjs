#!/usr/bin/env node
// The CLI is TypeScript run as-is: register tsx's loader, then load the real entry point.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import(new URL('../src/cli/index.ts', import.meta.url).href);
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
