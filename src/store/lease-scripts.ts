/**
 * Lua for leases held by one process at a time (a Discord gateway shard). The holder is a random token; only the
 * holder can extend or give up its lease.
 */

/** Takes the lease if it is free, or extends it if the caller holds it. Returns 1 if the caller holds it now. */
export const TAKE_LEASE = `
-- KEYS: 1 lease; ARGV: 1 holder token, 2 ttl (ms)
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** Gives the lease up if the caller holds it. */
export const DROP_LEASE = `
-- KEYS: 1 lease; ARGV: 1 holder token
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
