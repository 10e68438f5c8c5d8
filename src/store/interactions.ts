import { randomBytes } from 'node:crypto';
import type { Store } from './redis.js';
import { communityKeys } from './keys.js';

/** How long an interaction id is remembered (platforms replay within minutes). */
const REPLAY_MEMORY_S = 24 * 3600;
/** How long an answer waits for the user to pick which question it is for. */
const PENDING_TTL_S = 15 * 60;

/** Interaction ids already handled, and answers waiting for the user to pick a question. */
export class InteractionRepository {
  constructor(private readonly redis: Store) {}

  /** True the first time an interaction id is seen in a community (across replicas). */
  async first(communityId: string, interactionId: string): Promise<boolean> {
    if (!/^[A-Za-z0-9:_.-]{1,100}$/.test(interactionId)) return true;
    const res = await this.redis.set(communityKeys(communityId).event(interactionId), '1', 'EX', REPLAY_MEMORY_S, 'NX');
    return res === 'OK';
  }

  /** Parks an answer's text; returns a token for the buttons that carry it. */
  async park(communityId: string, userId: string, text: string): Promise<string> {
    const token = randomBytes(6).toString('hex').slice(0, 8);
    await this.redis.set(communityKeys(communityId).userPending(userId, token), text, 'EX', PENDING_TTL_S);
    return token;
  }

  /** Takes a parked answer once; undefined if it expired, was used, or belongs to someone else. */
  async take(communityId: string, userId: string, token: string): Promise<string | undefined> {
    return (await this.redis.getdel(communityKeys(communityId).userPending(userId, token))) ?? undefined;
  }
}
