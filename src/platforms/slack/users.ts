import type { webApi } from '@slack/bolt';
import type { Logger } from '../../ops/logger.js';

export interface SlackUser {
  name: string;
  isAdmin: boolean;
}

interface Entry { at: number; value: Promise<SlackUser> }

const TTL_MS = 10 * 60_000;
const FAILURE_TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;

/**
 * Display names and admin status from users.info, cached (Slack rate-limits users.info, and a command
 * must not wait on it twice). Admins are the configured list (SLACK_ADMIN_USERS) plus workspace admins and owners.
 */
export class SlackUsers {
  private readonly cache = new Map<string, Entry>();
  private readonly admins: Set<string>;

  constructor(private readonly client: webApi.WebClient, adminList: readonly string[], private readonly log: Logger, private readonly now = () => Date.now()) {
    this.admins = new Set(adminList.map((a) => a.replace(/^slack:/, '').toUpperCase()));
  }

  isListedAdmin(userId: string): boolean {
    return this.admins.has(userId.toUpperCase());
  }

  get(userId: string, fallbackName?: string): Promise<SlackUser> {
    const hit = this.cache.get(userId);
    if (hit && this.now() - hit.at < TTL_MS) return hit.value;
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    const entry = { at: this.now() } as Entry;
    entry.value = this.lookup(userId, fallbackName).catch((err: unknown) => {
      entry.at = this.now() - TTL_MS + FAILURE_TTL_MS; // retry the lookup sooner
      this.log.warn({ err: describe(err), user: userId }, 'slack users.info failed; using the configured admin list only');
      return { name: fallbackName ?? userId, isAdmin: this.isListedAdmin(userId) };
    });
    this.cache.delete(userId);
    this.cache.set(userId, entry);
    return entry.value;
  }

  private async lookup(userId: string, fallbackName?: string): Promise<SlackUser> {
    const res = await this.client.users.info({ user: userId });
    const u = res.user;
    const name = u?.profile?.display_name || u?.profile?.real_name || u?.real_name || u?.name || fallbackName || userId;
    return { name: name.slice(0, 80), isAdmin: this.isListedAdmin(userId) || Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner) };
  }
}

/** A short, token-free description of a Web API failure. */
export function describe(err: unknown): string {
  const data = (err as { data?: { error?: string } }).data;
  if (data?.error) return data.error;
  return err instanceof Error ? err.message : String(err);
}
