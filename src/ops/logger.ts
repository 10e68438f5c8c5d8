import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line, wherever they appear in a logged object. */
const REDACT = [
  'token', '*.token', 'botToken', '*.botToken', 'appToken', '*.appToken', 'signingSecret', '*.signingSecret',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'config.DISCORD_TOKEN',
  'config.SLACK_BOT_TOKEN', 'config.SLACK_APP_TOKEN', 'config.SLACK_SIGNING_SECRET',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'daily-gradient' } }, destination ?? pino.destination(2));
}

/**
 * Removes anything that looks like a credential from free text (error messages, URLs): Discord and Slack tokens, and
 * the password of a URL such as redis://:secret@host:6379 (which becomes redis://:[redacted]@host:6379).
 */
export function scrubSecrets(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*):[^\s/?#]*@/gi, '$1$2:[redacted]@')
    .replace(/xox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[redacted]')
    .replace(/xapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]')
    .replace(/[MN][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}/g, '[redacted-discord-token]')
    .replace(/(Bot|Bearer)\s+[A-Za-z0-9._-]{20,}/g, '$1 [redacted]');
}
