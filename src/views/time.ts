/** "Sat 21 Nov, 17:00 Europe/Berlin" */
export function formatInstant(d: Date, tz: string): string {
  const s = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${s.replace(/,/g, '').replace(/ (\d\d:\d\d)$/, ', $1')} ${tz}`;
}

/** An instant rendered as plain text in `zone`, for platforms without native timestamps and for fallbacks. */
export function plainInstant(seconds: number, zone: string): string {
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return '(unknown time)';
  try {
    return formatInstant(d, zone);
  } catch {
    return formatInstant(d, 'UTC');
  }
}
