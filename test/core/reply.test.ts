import { describe, expect, it } from 'vitest';
import { instant, renderInstants, truncate } from '../../src/core/reply.js';

describe('Reply text', () => {
  it('carries instants as tokens that each platform renders', () => {
    const t = instant(new Date('2026-11-21T16:00:00Z'), 'Europe/Berlin');
    expect(renderInstants(`Open until ${t}, then ${t}.`, (s, zone) => `[${s} ${zone}]`)).toBe('Open until [1795276800 Europe/Berlin], then [1795276800 Europe/Berlin].');
    expect(renderInstants('no instants', () => 'x')).toBe('no instants');
  });

  it('never cuts platform markup in half', () => {
    const cut = truncate('<t:1795276800:f><t:1795276800:R>'.repeat(4), 40);
    expect(cut).toBe('<t:1795276800:f><t:1795276800:R>…');
    expect(truncate(`see <!date^1795276800^{time}|17:00 UTC>`, 30)).toBe('see…');
    expect(truncate('a < b and b < c and more text here', 20)).toMatch(/…$/);
  });
});
