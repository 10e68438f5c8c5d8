/** True when `tz` is an IANA time zone name this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type ZoneCheck = { ok: true; zone: string } | { ok: false; message: string };

/** City zones to suggest for abbreviations people type; each follows its region's daylight saving. */
const SUGGEST: Record<string, string> = {
  EST: 'America/New_York', EDT: 'America/New_York', ET: 'America/New_York',
  CST: 'America/Chicago', CDT: 'America/Chicago', CT: 'America/Chicago',
  MST: 'America/Denver', MDT: 'America/Denver', MT: 'America/Denver',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', PT: 'America/Los_Angeles',
  AKST: 'America/Anchorage', HST: 'Pacific/Honolulu',
  GMT: 'Europe/London', BST: 'Europe/London', WET: 'Europe/Lisbon', WEST: 'Europe/Lisbon',
  CET: 'Europe/Berlin', CEST: 'Europe/Berlin', MET: 'Europe/Berlin', EET: 'Europe/Athens', EEST: 'Europe/Athens', MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata', JST: 'Asia/Tokyo', KST: 'Asia/Seoul', SGT: 'Asia/Singapore', HKT: 'Asia/Hong_Kong',
  AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney', ACST: 'Australia/Adelaide', AWST: 'Australia/Perth', NZST: 'Pacific/Auckland',
};

const UTC_NAMES = new Set(['utc', 'etc/utc']);

let known: Map<string, string> | undefined;
/** The runtime's own spellings of its canonical zones, by lower-case name. */
function knownZones(): Map<string, string> {
  known ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  return known;
}

const unknown = (raw: string): ZoneCheck => ({
  ok: false,
  message: `"${raw.slice(0, 64)}" is not a time zone I know. Use an IANA name such as Europe/Berlin, America/New_York or Asia/Tokyo.`,
});

/**
 * Checks a time zone a person typed and returns its canonical spelling (`europe/berlin` -> `Europe/Berlin`).
 * Abbreviations and fixed offsets (EST, CET, UTC+2, Etc/GMT-1) are refused with a city zone to use instead:
 * they ignore daylight saving, so posts and streak days would drift by an hour for half the year.
 * UTC itself stays allowed.
 */
export function checkTimeZone(input: string): ZoneCheck {
  const raw = input.trim();
  if (!raw || raw.length > 64) return unknown(raw);
  const lower = raw.toLowerCase();
  const shown = `"${raw.slice(0, 64)}"`;
  if (UTC_NAMES.has(lower)) return { ok: true, zone: lower === 'utc' ? 'UTC' : 'Etc/UTC' };
  if (/^(?:utc|gmt)?\s*[+-]\s*\d{1,2}(?::?\d{2})?$/i.test(raw) || lower.startsWith('etc/')) {
    return { ok: false, message: `${shown} is a fixed offset, which ignores daylight saving. Use a city zone instead, e.g. Europe/Berlin or America/New_York (or UTC).` };
  }
  const city = SUGGEST[raw.toUpperCase()];
  if (city) {
    return { ok: false, message: `${shown} is an abbreviation for a fixed offset, which ignores daylight saving. Use a city zone instead, e.g. ${city}${lower === 'gmt' ? ' (or UTC)' : ''}.` };
  }
  if (!isValidTimeZone(raw)) return unknown(raw);
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: raw }).resolvedOptions().timeZone;
  // Legacy names without a region (EST5EDT, Japan, PRC): point at the city zone they stand for.
  if (!raw.includes('/')) return { ok: false, message: `Use a city zone name instead of ${shown}, e.g. ${resolved.includes('/') ? resolved : 'Europe/Berlin or America/New_York'}.` };
  const listed = knownZones().get(lower);
  if (listed) return { ok: true, zone: listed };
  // An alias (Asia/Kolkata, US/Eastern): keep it when typed in its usual capitalisation, else the runtime's name for it.
  const capitalised = raw.split('/').every((part) => /^[A-Z]/.test(part));
  return { ok: true, zone: capitalised && lower !== resolved.toLowerCase() ? raw : resolved };
}
