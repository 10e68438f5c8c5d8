import { CronExpressionParser } from 'cron-parser';
import { dayNumber } from '../domain/calendar.js';

/**
 * When a daily reminder at local "HH:MM" falls, through the cron parser's own time-zone rules: on a spring-forward
 * day a time in the skipped hour comes an hour later (02:30 -> 03:30), on a fall-back day the first of the two
 * 02:30s counts, and every local day has exactly one reminder.
 */
function daily(time: string, zone: string, after: Date) {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return CronExpressionParser.parse(`${minute} ${hour} * * *`, { tz: zone, currentDate: after });
}

/** The first reminder strictly after `after`. */
export function nextReminderAt(after: Date, time: string, zone: string): Date {
  return daily(time, zone, after).next().toDate();
}

/** The reminder of local day `day` (a day number in `zone`). */
export function reminderOn(day: number, time: string, zone: string): Date {
  // Two days before the date in UTC is before that local day starts in any zone (offsets stay within ±14 h).
  const it = daily(time, zone, new Date((day - 2) * 86_400_000));
  for (let i = 0; i < 5; i++) {
    const at = it.next().toDate();
    if (dayNumber(at, zone) >= day) return at;
  }
  throw new Error(`no reminder time ${time} on day ${day} in ${zone}`);
}
