import { afterAll } from 'vitest';
import { stopPrivateRedis } from './redis.js';

// Runs before every test file: servers a file started for itself stop after its own afterAll hooks.
afterAll(stopPrivateRedis);
