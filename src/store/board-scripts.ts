/** Lua for leaderboard reads. Keys are passed in (built in keys.ts), never built inside a script. */

/**
 * A whole leaderboard view in one round trip: the top entries with their scores and (for people) names, how many
 * are on the board, and the caller's score and shared rank (1 + how many scored more).
 */
export const LEADERBOARD = `
-- KEYS: 1 board, 2 names; ARGV: 1 how many, 2 member to rank ('' for none), 3 '1' to look up names
local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local names = {}
if ARGV[3] == '1' and #top > 0 then
  local members = {}
  for i = 1, #top, 2 do members[#members + 1] = top[i] end
  names = redis.call('HMGET', KEYS[2], unpack(members))
end
local own = {}
if ARGV[2] ~= '' then
  local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
  if score then own = {score, redis.call('ZCOUNT', KEYS[1], '(' .. score, '+inf') + 1} end
end
return {redis.call('ZCARD', KEYS[1]), top, names, own}
`;
