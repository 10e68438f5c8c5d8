import type { Store } from './redis.js';
import { communityKeys } from './keys.js';

/** Who hides themselves from boards and the dashboard (`/privacy hide`), per community. */
export class PrivacyRepository {
  constructor(private readonly redis: Store) {}

  /** Returns false when the member was already hidden (or, for show, already shown). */
  async setHidden(communityId: string, userId: string, hidden: boolean): Promise<boolean> {
    const key = communityKeys(communityId).hidden;
    return (hidden ? await this.redis.sadd(key, userId) : await this.redis.srem(key, userId)) === 1;
  }

  async isHidden(communityId: string, userId: string): Promise<boolean> {
    return (await this.redis.sismember(communityKeys(communityId).hidden, userId)) === 1;
  }

  /** Every hidden member of the community (read once per board, so boards can leave them out). */
  async hidden(communityId: string): Promise<Set<string>> {
    return new Set(await this.redis.smembers(communityKeys(communityId).hidden));
  }
}
