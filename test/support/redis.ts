import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connectRedis, type Store } from '../../src/store/redis.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

export function testRedis(): Store {
  return connectRedis(testRedisUrl());
}

/** A fresh community id, so test files sharing the server never see each other's data. */
export function freshCommunity(platform = 'console'): string {
  return `${platform}:t${randomBytes(6).toString('hex')}`;
}
