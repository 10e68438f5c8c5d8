import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import { publishChange } from './changes.js';
import { gameSettingsFields, gameSettingsFrom, type GameSettings, type GameSettingsPatch } from '../domain/game-settings.js';

export interface CommunitySettings extends GameSettings {
  timezone: string;
  /**
   * The settings' version (a counter in the hash, raised by every change). The answer script compares it with
   * the stored one and refuses with 'stale' when a cached copy is behind, so no cache can make a wrong result.
   */
  version: string;
}

/** The settings hash field that counts changes. */
const VERSION = 'v';

/**
 * Community settings with a short in-process cache, so the answer path needs no extra round trip. Every replica
 * drops a community's entry when a change notice names it (store/changes.ts); the TTL bounds staleness should a
 * notice be lost, and the answer script's version check keeps a stale entry from changing any result.
 */
export class SettingsRepository {
  private readonly cache = new Map<string, { value: CommunitySettings; until: number }>();

  constructor(private readonly redis: Store, private readonly defaults: { timezone: string }, private readonly ttlMs = 30_000) {}

  /** The settings, from the cache unless `fresh`. */
  async get(communityId: string, opts: { fresh?: boolean } = {}): Promise<CommunitySettings> {
    const now = Date.now();
    const hit = opts.fresh ? undefined : this.cache.get(communityId);
    if (hit && hit.until > now) return hit.value;
    const h = await this.redis.hgetall(communityKeys(communityId).settings);
    const value: CommunitySettings = { timezone: h.timezone || this.defaults.timezone, ...gameSettingsFrom(h), version: h[VERSION] ?? '0' };
    this.cache.set(communityId, { value, until: now + this.ttlMs });
    return value;
  }

  async set(communityId: string, patch: { timezone?: string }): Promise<void> {
    if (patch.timezone !== undefined) await this.write(communityId, { timezone: patch.timezone });
  }

  /** Stores a validated game settings change (points, channel hints, freeze allowance). */
  async setGame(communityId: string, patch: GameSettingsPatch): Promise<void> {
    const fields = gameSettingsFields(patch);
    if (Object.keys(fields).length) await this.write(communityId, fields);
  }

  /** How many streak freezes a user may hold in this community (the streak rules pass it to the answer script). */
  async freezeCap(communityId: string): Promise<number> {
    return (await this.get(communityId)).freezeCap;
  }

  /** Drops a community's cached settings (a change notice named it). */
  forget(communityId: string): void {
    this.cache.delete(communityId);
  }

  forgetAll(): void {
    this.cache.clear();
  }

  /** The change and the version bump in one transaction (one key), then the notice to every replica. */
  private async write(communityId: string, fields: Record<string, string | number>): Promise<void> {
    const key = communityKeys(communityId).settings;
    await this.redis.multi().hset(key, fields).hincrby(key, VERSION, 1).exec();
    this.cache.delete(communityId);
    await publishChange(this.redis, { kind: 'settings', communityId });
  }
}

/**
 * A user's own time zone for streak days (optional), cached briefly like community settings and dropped on every
 * replica when it changes. The answer script checks the zone it was given against the stored one.
 */
export class UserZoneRepository {
  private readonly cache = new Map<string, { zone: string | undefined; until: number }>();

  constructor(private readonly redis: Store, private readonly ttlMs = 60_000, private readonly maxEntries = 100_000) {}

  async get(communityId: string, userId: string, opts: { fresh?: boolean } = {}): Promise<string | undefined> {
    const now = Date.now();
    const key = `${communityId}|${userId}`;
    const hit = opts.fresh ? undefined : this.cache.get(key);
    if (hit && hit.until > now) return hit.zone;
    const zone = (await this.redis.hget(communityKeys(communityId).user(userId), 'tz')) ?? undefined;
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(key, { zone, until: now + this.ttlMs });
    return zone;
  }

  async set(communityId: string, userId: string, zone: string | undefined): Promise<void> {
    const key = communityKeys(communityId).user(userId);
    if (zone) await this.redis.hset(key, 'tz', zone);
    else await this.redis.hdel(key, 'tz');
    this.forget(communityId, userId);
    await publishChange(this.redis, { kind: 'zone', communityId, userId });
  }

  forget(communityId: string, userId: string): void {
    this.cache.delete(`${communityId}|${userId}`);
  }

  forgetAll(): void {
    this.cache.clear();
  }
}
