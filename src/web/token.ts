import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a dashboard link or session grants: one user's view of one community, until it expires. */
export interface Grant {
  communityId: string;
  userId: string;
  /** An admin when the link was asked for (the platform's rule); shows the organiser view. */
  admin: boolean;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** How the platform called the user when the link was made (shown before they have answered anything). */
  name?: string;
}

/** A link token is only a link token and a session cookie only a session cookie, though both carry a grant. */
export type Purpose = 'link' | 'session';

export type Verified = { ok: true; grant: Grant } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const MAX_TOKEN = 1024;
const MAX_NAME = 80;
const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Signs and checks dashboard tokens: base64url(JSON grant) "." base64url(HMAC-SHA256(secret, purpose "." payload)).
 * Nothing is stored: any replica with the same secret checks any token.
 */
export class TokenSigner {
  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('the dashboard secret must be at least 32 characters');
  }

  sign(purpose: Purpose, g: Grant): string {
    const body = { c: g.communityId, u: g.userId, a: g.admin ? 1 : 0, e: Math.floor(g.expiresAt / 1000), ...(g.name ? { n: g.name.slice(0, MAX_NAME) } : {}) };
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${payload}.${this.mac(`${purpose}.${payload}`).toString('base64url')}`;
  }

  verify(purpose: Purpose, token: string | undefined, now: number): Verified {
    if (!token || token.length > MAX_TOKEN) return { ok: false, reason: 'malformed' };
    const [payload, sig, extra] = token.split('.');
    if (!payload || !sig || extra !== undefined || !B64URL.test(payload) || !B64URL.test(sig)) return { ok: false, reason: 'malformed' };
    const given = Buffer.from(sig, 'base64url');
    const expected = this.mac(`${purpose}.${payload}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
    const grant = parseGrant(payload);
    if (!grant) return { ok: false, reason: 'malformed' };
    if (grant.expiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }

  /**
   * The community's part of every dashboard address: derived from the secret, so it neither shows the community's
   * id nor can be guessed, and the same on every replica.
   */
  slug(communityId: string): string {
    return this.mac(`community.${communityId}`).subarray(0, 12).toString('base64url');
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.secret).update(text).digest();
  }
}

function parseGrant(payload: string): Grant | undefined {
  try {
    const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof v.c !== 'string' || typeof v.u !== 'string' || !v.c || !v.u || (v.a !== 0 && v.a !== 1) || typeof v.e !== 'number' || !Number.isSafeInteger(v.e)) return undefined;
    if (v.n !== undefined && typeof v.n !== 'string') return undefined;
    return { communityId: v.c, userId: v.u, admin: v.a === 1, expiresAt: v.e * 1000, ...(v.n ? { name: v.n } : {}) };
  } catch {
    return undefined;
  }
}
