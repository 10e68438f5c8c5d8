import { TokenSigner } from './token.js';

export interface DashboardConfig {
  /** The address people open, without a trailing slash; may carry a path (a reverse proxy's prefix). */
  url: string;
  secret: string;
  linkHours: number;
}

/** Makes the private links `/dashboard` replies with. */
export class DashboardLinks {
  readonly signer: TokenSigner;

  constructor(readonly config: DashboardConfig) {
    this.signer = new TokenSigner(config.secret);
  }

  /** The path every page of a community lives under, e.g. "/dg/c/Xa9…" (the URL's own path first). */
  communityPath(communityId: string): string {
    return `${new URL(this.config.url).pathname.replace(/\/+$/, '')}/c/${this.signer.slug(communityId)}`;
  }

  linkFor(o: { communityId: string; userId: string; admin: boolean; now: Date; name?: string }): { url: string; expiresAt: number } {
    const expiresAt = o.now.getTime() + this.config.linkHours * 3_600_000;
    const token = this.signer.sign('link', { communityId: o.communityId, userId: o.userId, admin: o.admin, expiresAt, name: o.name });
    return { url: `${new URL(this.config.url).origin}${this.communityPath(o.communityId)}/open/${token}`, expiresAt };
  }
}

/** The dashboard's links, when the configuration turns it on (a public address and a secret). */
export function dashboardLinks(config: { DASHBOARD_URL?: string; DASHBOARD_SECRET?: string; DASHBOARD_LINK_HOURS: number }): DashboardLinks | undefined {
  if (!config.DASHBOARD_URL || !config.DASHBOARD_SECRET) return undefined;
  return new DashboardLinks({ url: config.DASHBOARD_URL, secret: config.DASHBOARD_SECRET, linkHours: config.DASHBOARD_LINK_HOURS });
}
