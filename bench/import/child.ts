/**
 * One CLI run as an admin types it (`accountdesk import|export …`), in a process of its own so its
 * peak memory is its own: prints the exit code, wall time and peak RSS as one JSON line on fd 3.
 */
import { writeSync } from 'node:fs';
import { runCli } from '../../src/cli/index.ts';

const started = performance.now();
let stderr = '';
const code = await runCli(process.argv.slice(2), {
  stdout: { write: () => true },
  stderr: {
    write: (text: string) => {
      stderr += text;
      return true;
    },
  },
  env: process.env,
});
const ms = performance.now() - started;
// maxRSS is in kilobytes.
writeSync(3, `${JSON.stringify({ code, ms, peakRssMb: process.resourceUsage().maxRSS / 1024, stderr })}\n`);
process.exit(code);
