import { describe, expect, it } from 'vitest';
import { channelRef, channelRefsFromMarkup, instant, plainChannel, renderChannels, renderInstants, truncate } from '../../src/core/reply.js';

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

  it('carries channels as tokens of a platform and an id, which each platform renders', () => {
    const text = `the bot cannot post in ${channelRef('slack:C0123ABC')} or ${channelRef('console:study')}`;
    expect(renderChannels(text, (r) => `[${r.platform} ${r.id}]`)).toBe('the bot cannot post in [slack C0123ABC] or [console study]');
    expect(renderChannels(text, plainChannel)).toBe('the bot cannot post in #C0123ABC or #study');
    // Only plain ids make a token: anything that could carry markup is named in words instead.
    expect(channelRef('slack:C1><!channel')).toBe('the channel');
    expect(channelRef('C0123ABC')).toBe('the channel');
    // Text that imitates a token with markup inside is left as it is (and escaped by the platform like any text).
    const forged = '\uE002slack:C1|<!channel>\uE003';
    expect(renderChannels(forged, () => 'LINK')).toBe(forged);
  });

  it('reads channels in platform markup, as reasons were stored before channel tokens, as references', () => {
    expect(renderChannels(channelRefsFromMarkup('the bot cannot see <#123456> (nor <#C0A|general>)', 'discord'), plainChannel)).toBe('the bot cannot see #123456 (nor #C0A)');
    expect(channelRefsFromMarkup('a <#x> on the console', 'console')).toBe('a <#x> on the console');
  });

  it('never cuts a token in half', () => {
    const text = `${'word '.repeat(10)}${channelRef('discord:123456789012345678')} ${instant(0, 'UTC')}`;
    for (let max = 5; max < text.length; max++) {
      const cut = truncate(text, max);
      expect(cut.split('\uE002').length, cut).toBe(cut.split('\uE003').length);
      expect(cut.split('\uE000').length, cut).toBe(cut.split('\uE001').length);
    }
  });
});
