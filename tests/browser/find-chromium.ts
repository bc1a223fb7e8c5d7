import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where browsers usually live, when neither CHROMIUM_PATH nor playwright's own download is there. */
const USUAL_PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** What to do when there is no browser (or CHROMIUM_PATH names something that is not there). */
export function noBrowserHelp(tried: string | undefined): string {
  return [
    tried ? `No browser at ${tried}.` : 'No Chromium found for the browser test.',
    'Any of these gives it one:',
    '  CHROMIUM_PATH=/path/to/chromium npm run test:browser   (any Chromium or Chrome)',
    '  npx playwright-core install chromium                    (playwright downloads its own)',
    '  apt-get install chromium                                (Debian/Ubuntu; what .ci/run does)',
  ].join('\n');
}

/** CHROMIUM_PATH if set, else playwright's downloaded Chromium, else a system browser; undefined if none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  const candidates = [playwrightsOwn(), ...USUAL_PLACES];
  return candidates.find((path): path is string => path !== undefined && existsSync(path));
}

function playwrightsOwn(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}
