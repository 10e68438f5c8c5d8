import cron from 'node-cron';
import { CronExpressionParser } from 'cron-parser';
import { UserError } from '../core/errors.js';

/** Posts of one schedule are at least this far apart. */
export const MIN_GAP_MINUTES = 60;

const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/**
 * Turns "daily 09:00", "weekdays 18:30", "weekends 10:00", "mon,wed,fri 07:15", "hourly" or a cron
 * expression (5 fields, or 6 with seconds) into a validated cron expression.
 */
export function parseWhen(input: string): { cron: string; label: string } {
  const text = input.trim().replace(/^["']|["']$/g, '').trim();
  if (!text) throw new UserError('Say when to post, e.g. `daily 09:00`, `weekdays 18:30` or a cron expression such as `0 9 * * 1-5`.');
  const lower = text.toLowerCase();
  if (lower === 'hourly') return { cron: '0 * * * *', label: 'hourly' };
  if (lower.startsWith('@')) throw new UserError(`Use \`daily 09:00\`, \`hourly\` or a 5-field cron expression instead of "${text.slice(0, 20)}".`);
  const friendly = /^(daily|every day|weekdays|weekends|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)(?:\s*,\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)*)\s+(?:at\s+)?(\d{1,2}):(\d{2})$/.exec(lower);
  if (friendly) {
    const [, days, hh, mm] = friendly;
    const h = Number(hh);
    const m = Number(mm);
    if (h > 23 || m > 59) throw new UserError(`"${hh}:${mm}" is not a time of day. Use 24-hour HH:MM, e.g. 18:30.`);
    let dow = '*';
    if (days === 'weekdays') dow = '1-5';
    else if (days === 'weekends') dow = '0,6';
    else if (days !== 'daily' && days !== 'every day') {
      dow = days!.split(/\s*,\s*/).map((d) => DAYS[d.slice(0, 3)]).sort().join(',');
    }
    return { cron: `${m} ${h} * * ${dow}`, label: `${days} ${String(h).padStart(2, '0')}:${mm}` };
  }
  const fields = text.split(/\s+/);
  if ((fields.length === 5 || fields.length === 6) && cron.validate(text)) {
    if (fields.length === 6 && fields[0] !== '0') {
      throw new UserError('Schedules run at most once an hour: a 6-field cron must have 0 in the seconds field.');
    }
    const [dom, dow] = fields.length === 6 ? [fields[3], fields[5]] : [fields[2], fields[4]];
    if (restricted(dom) && restricted(dow)) {
      throw new UserError('Give either days of the month or days of the week, not both (cron tools disagree on what both means).');
    }
    const expr = fields.join(' ');
    const gap = minGapMinutes(expr);
    if (gap < MIN_GAP_MINUTES) {
      throw new UserError(`\`${text.slice(0, 60)}\` would post every ${gap} minute${gap === 1 ? '' : 's'}; posts of one schedule must be at least an hour apart (\`hourly\` is the most often).`);
    }
    return { cron: expr, label: text };
  }
  const detail = fields.length === 5 || fields.length === 6 ? ` (${cron.validateDetailed(text).errors.map((e) => e.message).join('; ')})` : '';
  throw new UserError(`"${text.slice(0, 60)}" is not a schedule I understand${detail}. Use \`daily 09:00\`, \`weekdays 18:30\`, \`mon,wed 07:15\` or a cron expression like \`0 9 * * 1-5\`.`);
}

/** "8h", "90m", "1d", "1h30m" -> minutes (5 minutes to 7 days). */
export function parseWindow(input: string): number {
  const text = input.trim().toLowerCase();
  const m = /^(?:(\d+)d)?\s*(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?$/.exec(text);
  const minutes = m && text !== '' ? Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : NaN;
  if (!Number.isFinite(minutes) || minutes < 5 || minutes > 7 * 1440) {
    throw new UserError(`"${input.slice(0, 20)}" is not an answer window I accept. Use 5m to 7d, e.g. \`8h\`, \`90m\` or \`1d\`.`);
  }
  return minutes;
}

export function formatWindow(minutes: number): string {
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : ''].join('') || '0m';
}

/** The next `count` fire times from now (node-cron's own matcher, so DST follows the library). */
export function nextFireTimes(cronExpr: string, timezone: string, count: number): Date[] {
  const task = cron.createTask(cronExpr, () => undefined, { timezone });
  try {
    return task.getNextRuns(count);
  } finally {
    void task.destroy();
  }
}

const restricted = (field: string | undefined) => field !== undefined && field !== '*' && field !== '?';

/** The shortest time between two posts of a cron expression, in minutes (from its minutes and hours, across midnight). */
export function minGapMinutes(expr: string): number {
  const f = CronExpressionParser.parse(expr).fields;
  if (f.second.values.length > 1) return 0;
  const times = f.hour.values.flatMap((h) => f.minute.values.map((m) => Number(h) * 60 + Number(m))).sort((a, b) => a - b);
  if (times.length < 2) return 24 * 60;
  let gap = times[0]! + 24 * 60 - times.at(-1)!;
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, times[i]! - times[i - 1]!);
  return gap;
}

/** One spelling per set of moments: "0 0 9 * * mon-fri" and "0 9 * * 1-5" are the same schedule. */
export function canonicalCron(expr: string): string {
  return CronExpressionParser.parse(expr).stringify();
}

/**
 * The latest slot at or before `now` and after `now - graceMs`: one previous-occurrence lookup in the cron parser,
 * whatever the grace window.
 */
export function latestSlot(cronExpr: string, timezone: string, now: Date, graceMs: number): Date | undefined {
  const prev = previousSlot(cronExpr, timezone, now);
  return prev.getTime() > now.getTime() - graceMs ? prev : undefined;
}

/** The latest slot at or before `now`, however long ago (one previous-occurrence lookup). */
export function previousSlot(cronExpr: string, timezone: string, now: Date): Date {
  return CronExpressionParser.parse(cronExpr, { currentDate: new Date(now.getTime() + 1), tz: timezone }).prev().toDate();
}

/**
 * Runs the cron parser and node-cron's matcher once in `timezone`. Their first use loads the time zone data and
 * compiles their code, some 20-30 ms in one go; done while the app is wired, before any platform takes commands, the
 * scheduler's start-up later is a series of short steps that never hold up a command.
 */
export function warmUpCron(timezone: string): void {
  previousSlot('0 0 9 * * *', timezone, new Date());
  nextFireTimes('0 0 9 * * *', timezone, 1);
}

/** Every slot in (from, to], in time order (the console's clock replays them), at most `limit`. */
export function slotsBetween(cronExpr: string, timezone: string, from: Date, to: Date, limit = 1000): Date[] {
  const it = CronExpressionParser.parse(cronExpr, { currentDate: from, endDate: to, tz: timezone });
  const out: Date[] = [];
  while (out.length < limit && it.hasNext()) out.push(it.next().toDate());
  return out;
}
