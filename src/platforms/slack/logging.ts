import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { scrubSecrets, type Logger } from '../../ops/logger.js';

/** Routes Bolt's and the Slack SDK's logging into pino, with anything token-like scrubbed. */
export function boltLogger(log: Logger): BoltLogger {
  const text = (msg: unknown[]) => scrubSecrets(msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : safeJson(m))).join(' ')).slice(0, 2_000);
  return {
    debug: (...m: unknown[]) => log.debug(text(m)),
    // Bolt's info lines are connection chatter; keep them at debug.
    info: (...m: unknown[]) => log.debug(text(m)),
    warn: (...m: unknown[]) => log.warn(text(m)),
    error: (...m: unknown[]) => log.error(text(m)),
    setLevel: () => undefined,
    setName: () => undefined,
    getLevel: () => (log.isLevelEnabled('debug') ? LogLevel.DEBUG : log.isLevelEnabled('info') ? LogLevel.INFO : log.isLevelEnabled('warn') ? LogLevel.WARN : LogLevel.ERROR),
  };
}

function safeJson(v: unknown): string {
  try { return JSON.stringify(v); } catch { return String(v); }
}
