/**
 * Lua for mock interview sessions. Keys are passed in (built in keys.ts). Every write names the session it
 * is meant for, so a late request from a finished mock never touches the next one.
 */

/** Starts a session unless the user already has one (one mock at a time). */
export const START_MOCK = `
-- KEYS: 1 session; ARGV: 1 ttl (s), 2.. field, value, ...
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
return 1
`;

/** Sets fields of the session ARGV[1], if it is still the user's session. */
export const UPDATE_MOCK = `
-- KEYS: 1 session; ARGV: 1 session id, 2.. field, value, ...
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1
`;

/** Ends the session ARGV[1] once: removes it and files its summary in the user's history (newest first, capped). */
export const FINISH_MOCK = `
-- KEYS: 1 session, 2 history; ARGV: 1 session id, 2 summary (json), 3 history length
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[3]) - 1)
return 1
`;
