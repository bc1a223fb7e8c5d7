// `npm run build`: src/ compiled to dist/ (tsconfig.build.json), plus what tsc does not copy — the
// sandbox page's static files, next to the compiled page server.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

rmSync('dist', { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
cpSync('src/sandbox/emulator/public', 'dist/sandbox/emulator/public', { recursive: true });
