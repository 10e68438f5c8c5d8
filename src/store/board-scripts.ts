/** Lua for leaderboard reads. Keys are passed in (built in keys.ts), never built inside a script. */

/**
 * A whole leaderboard view in one round trip: the top entries with their scores and (for people) names, how many are
 * on the board, and the caller's score and shared rank (1 + how many scored more). Members who hide themselves
 * (`/privacy hide`, KEYS[3]) neither appear nor take a rank nor count; the last element says whether the caller is
 * one of them (their own rank is still returned, among the members shown).
 */
export const LEADERBOARD = `
-- KEYS: 1 board, 2 names, 3 hidden members
-- ARGV: 1 how many, 2 member to rank ('' for none), 3 '1' to look up names, 4 '1' to leave hidden members out
local hidden, hiddenList = {}, {}
if ARGV[4] == '1' then
  hiddenList = redis.call('SMEMBERS', KEYS[3])
  for _, m in ipairs(hiddenList) do hidden[m] = true end
end
local want = tonumber(ARGV[1])
local raw = redis.call('ZREVRANGE', KEYS[1], 0, want + #hiddenList - 1, 'WITHSCORES')
local top = {}
for i = 1, #raw, 2 do
  if not hidden[raw[i]] and #top < want * 2 then top[#top + 1] = raw[i]; top[#top + 1] = raw[i + 1] end
end
local names = {}
if ARGV[3] == '1' and #top > 0 then
  local members = {}
  for i = 1, #top, 2 do members[#members + 1] = top[i] end
  names = redis.call('HMGET', KEYS[2], unpack(members))
end
local hiddenScores = {}
for _, m in ipairs(hiddenList) do
  local s = redis.call('ZSCORE', KEYS[1], m)
  if s then hiddenScores[#hiddenScores + 1] = tonumber(s) end
end
local own = {}
if ARGV[2] ~= '' then
  local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
  if score then
    local above = redis.call('ZCOUNT', KEYS[1], '(' .. score, '+inf')
    for _, s in ipairs(hiddenScores) do if s > tonumber(score) then above = above - 1 end end
    own = {score, above + 1}
  end
end
local callerHidden = 0
if ARGV[2] ~= '' and hidden[ARGV[2]] then callerHidden = 1 end
return {redis.call('ZCARD', KEYS[1]) - #hiddenScores, top, names, own, callerHidden}
`;
