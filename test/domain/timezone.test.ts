import { describe, expect, it } from 'vitest';
import { checkTimeZone } from '../../src/domain/timezone.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const zoneOf = (s: string) => { const r = checkTimeZone(s); return r.ok ? r.zone : undefined; };
const problem = (s: string) => { const r = checkTimeZone(s); return r.ok ? '' : r.message; };

describe('time-zone names', () => {
  it('returns the canonical spelling whatever the case', () => {
    expect(zoneOf('europe/berlin')).toBe('Europe/Berlin');
    expect(zoneOf('EUROPE/BERLIN')).toBe('Europe/Berlin');
    expect(zoneOf(' Asia/Tokyo ')).toBe('Asia/Tokyo');
    expect(zoneOf('america/port-au-prince')).toBe('America/Port-au-Prince');
    expect(zoneOf('america/new_york')).toBe('America/New_York');
  });

  it('keeps an alias typed in its usual spelling', () => {
    expect(zoneOf('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(zoneOf('US/Eastern')).toBe('US/Eastern');
  });

  it('allows UTC itself', () => {
    expect(zoneOf('utc')).toBe('UTC');
    expect(zoneOf('UTC')).toBe('UTC');
    expect(zoneOf('Etc/UTC')).toBe('Etc/UTC');
  });

  it('refuses abbreviations and fixed offsets, which ignore daylight saving, naming a city zone to use', () => {
    expect(problem('EST')).toMatch(/"EST" is an abbreviation for a fixed offset, which ignores daylight saving\. Use a city zone instead, e\.g\. America\/New_York\./);
    expect(problem('pst')).toMatch(/America\/Los_Angeles/);
    expect(problem('CET')).toMatch(/Europe\/Berlin/);
    expect(problem('IST')).toMatch(/Asia\/Kolkata/);
    expect(problem('GMT')).toMatch(/Europe\/London \(or UTC\)/);
    for (const offset of ['UTC+2', 'GMT-5', '+01:00', 'utc-05:30', 'Etc/GMT+5', 'Etc/GMT']) {
      expect(problem(offset), offset).toMatch(/is a fixed offset, which ignores daylight saving\. Use a city zone/);
    }
    expect(problem('EST5EDT')).toMatch(/Use a city zone name instead of "EST5EDT", e\.g\. America\/New_York/);
    expect(problem('Japan')).toMatch(/e\.g\. Asia\/Tokyo/);
  });

  it('says when a name is unknown', () => {
    expect(problem('Mars/Olympus')).toMatch(/"Mars\/Olympus" is not a time zone I know/);
    expect(problem('')).toMatch(/not a time zone I know/);
    expect(problem('x'.repeat(100))).toMatch(/not a time zone I know/);
  });

  it('applies to DEFAULT_TIMEZONE too', () => {
    expect(loadConfig({ DEFAULT_TIMEZONE: 'europe/berlin' }).DEFAULT_TIMEZONE).toBe('Europe/Berlin');
    expect(() => loadConfig({ DEFAULT_TIMEZONE: 'EST' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEFAULT_TIMEZONE: 'EST' })).toThrow(/DEFAULT_TIMEZONE: "EST" is an abbreviation/);
    expect(() => loadConfig({ DEFAULT_TIMEZONE: 'Mars/Olympus' })).toThrow(/DEFAULT_TIMEZONE: must be an IANA time zone/);
  });
});
