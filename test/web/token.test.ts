import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DashboardLinks, dashboardLinks } from '../../src/web/links.js';
import { TokenSigner, type Grant } from '../../src/web/token.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const signer = new TokenSigner(SECRET);
const NOW = Date.parse('2026-05-04T09:00:00Z');
const grant: Grant = { communityId: 'discord:42', userId: 'discord:7', admin: false, expiresAt: NOW + 3_600_000, name: 'Ada' };

/** Signs an arbitrary payload with the real secret, to check that a signed but malformed grant is still refused. */
const signRaw = (purpose: string, body: unknown) => {
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${createHmac('sha256', SECRET).update(`${purpose}.${payload}`).digest('base64url')}`;
};

describe('dashboard tokens', () => {
  it('verify what they signed, for the purpose they were signed for, until they expire', () => {
    const link = signer.sign('link', grant);
    expect(signer.verify('link', link, NOW)).toEqual({ ok: true, grant: { ...grant, expiresAt: Math.floor(grant.expiresAt / 1000) * 1000 } });
    expect(signer.verify('session', link, NOW)).toEqual({ ok: false, reason: 'signature' });
    expect(signer.verify('link', link, grant.expiresAt)).toEqual({ ok: false, reason: 'expired' });
    expect(signer.verify('link', link, grant.expiresAt - 1000)).toMatchObject({ ok: true });
  });

  it('refuse another secret, a changed payload, and anything malformed', () => {
    const other = new TokenSigner('another-secret-of-thirty-two-characters!');
    const link = signer.sign('link', grant);
    expect(other.verify('link', link, NOW)).toEqual({ ok: false, reason: 'signature' });
    const [, sig] = link.split('.');
    const admin = Buffer.from(JSON.stringify({ c: 'discord:42', u: 'discord:7', a: 1, e: NOW / 1000 + 3600 })).toString('base64url');
    expect(signer.verify('link', `${admin}.${sig}`, NOW)).toEqual({ ok: false, reason: 'signature' });
    for (const bad of [undefined, '', 'x', 'a.b.c', `${link}.x`, 'ab$.cd', 'a'.repeat(2000), `${link.split('.')[0]}.`]) {
      expect(signer.verify('link', bad, NOW), String(bad).slice(0, 20)).toEqual({ ok: false, reason: expect.stringMatching(/malformed|signature/) });
    }
    for (const body of [{ c: 'x' }, { c: '', u: 'u', a: 0, e: NOW }, { c: 'c', u: 'u', a: 2, e: NOW }, { c: 'c', u: 'u', a: 0, e: 1.5 }, { c: 'c', u: 'u', a: 0, e: NOW, n: 5 }, 'text']) {
      expect(signer.verify('link', signRaw('link', body), NOW)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuse a secret shorter than 32 characters', () => {
    expect(() => new TokenSigner('short')).toThrow(/32 characters/);
  });

  it('give each community its own unguessable address, the same on every replica', () => {
    expect(signer.slug('discord:42')).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(signer.slug('discord:42')).toBe(new TokenSigner(SECRET).slug('discord:42'));
    expect(signer.slug('discord:43')).not.toBe(signer.slug('discord:42'));
    expect(new TokenSigner(`${SECRET}!`).slug('discord:42')).not.toBe(signer.slug('discord:42'));
  });
});

describe('dashboard links', () => {
  it('are made only when an address and a secret are configured', () => {
    expect(dashboardLinks({ DASHBOARD_LINK_HOURS: 24 })).toBeUndefined();
    expect(dashboardLinks({ DASHBOARD_URL: 'https://x.example', DASHBOARD_LINK_HOURS: 24 })).toBeUndefined();
    expect(dashboardLinks({ DASHBOARD_URL: 'https://x.example', DASHBOARD_SECRET: SECRET, DASHBOARD_LINK_HOURS: 24 })).toBeInstanceOf(DashboardLinks);
  });

  it('keep a reverse proxy\'s path and last DASHBOARD_LINK_HOURS', () => {
    const links = new DashboardLinks({ url: 'https://study.example.com/dg', secret: SECRET, linkHours: 6 });
    const { url, expiresAt } = links.linkFor({ communityId: 'slack:T1', userId: 'slack:U1', admin: true, now: new Date(NOW) });
    expect(expiresAt).toBe(NOW + 6 * 3_600_000);
    const m = /^https:\/\/study\.example\.com\/dg\/c\/([A-Za-z0-9_-]{16})\/open\/([^/]+)$/.exec(url);
    expect(m).not.toBeNull();
    expect(links.communityPath('slack:T1')).toBe(`/dg/c/${m![1]}`);
    expect(links.signer.verify('link', m![2], NOW)).toMatchObject({ ok: true, grant: { communityId: 'slack:T1', userId: 'slack:U1', admin: true } });
  });
});
