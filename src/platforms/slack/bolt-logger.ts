import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

/** Bolt logs through the service's one logger. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  return {
    debug: (...msg) => child.debug({ msg: msg.map(String).join(' ') }),
    info: (...msg) => child.info({ msg: msg.map(String).join(' ') }),
    warn: (...msg) => child.warn({ msg: msg.map(String).join(' ') }),
    error: (...msg) =>
      child.error({ err: msg.find((m) => m instanceof Error), msg: msg.map(String).join(' ') }),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
