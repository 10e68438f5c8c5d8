import type { Store } from './redis.js';
import { communityKeys } from './keys.js';
import { gameSettingsFields, gameSettingsFrom, type GameSettings, type GameSettingsPatch } from '../domain/game-settings.js';

export interface CommunitySettings extends GameSettings { timezone: string }

/** Community settings with a short in-process cache, so the answer path needs no extra round trip. */
export class SettingsRepository {
  private readonly cache = new Map<string, { value: CommunitySettings; until: number }>();

  constructor(private readonly redis: Store, private readonly defaults: { timezone: string }, private readonly ttlMs = 30_000) {}

  async get(communityId: string, now = Date.now()): Promise<CommunitySettings> {
    const hit = this.cache.get(communityId);
    if (hit && hit.until > now) return hit.value;
    const h = await this.redis.hgetall(communityKeys(communityId).settings);
    const value: CommunitySettings = { timezone: h.timezone || this.defaults.timezone, ...gameSettingsFrom(h) };
    this.cache.set(communityId, { value, until: now + this.ttlMs });
    return value;
  }

  async set(communityId: string, patch: { timezone?: string }): Promise<void> {
    if (patch.timezone !== undefined) await this.redis.hset(communityKeys(communityId).settings, 'timezone', patch.timezone);
    this.cache.delete(communityId);
  }

  /** Stores a validated game settings change (points, channel hints, freeze allowance). */
  async setGame(communityId: string, patch: GameSettingsPatch): Promise<void> {
    const fields = gameSettingsFields(patch);
    if (Object.keys(fields).length) await this.redis.hset(communityKeys(communityId).settings, fields);
    this.cache.delete(communityId);
  }

  /** How many streak freezes a user may hold in this community (the streak rules pass it to the answer script). */
  async freezeCap(communityId: string): Promise<number> {
    return (await this.get(communityId)).freezeCap;
  }
}

/** A user's own time zone for streak days (optional), cached briefly like community settings. */
export class UserZoneRepository {
  private readonly cache = new Map<string, { zone: string | undefined; until: number }>();

  constructor(private readonly redis: Store, private readonly ttlMs = 60_000, private readonly maxEntries = 100_000) {}

  async get(communityId: string, userId: string, now = Date.now()): Promise<string | undefined> {
    const key = `${communityId}|${userId}`;
    const hit = this.cache.get(key);
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
    this.cache.delete(`${communityId}|${userId}`);
  }
}
