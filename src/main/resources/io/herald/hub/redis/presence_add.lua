-- Adds or refreshes presence entries of one channel, each expiring on its own: a hash holds the
-- entries, a sorted set their expiry times. A node refreshes its own clients' entries; a dead node's
-- entries run out and are dropped here or by presence_get.lua, whichever runs first after their expiry.
--
-- KEYS[1] presence hash (client id -> info), KEYS[2] expiry sorted set (client id -> expires at ms)
-- ARGV[1] TTL in ms, then pairs of client id and info
-- Returns the entries this call dropped as expired (flat id/info list): exactly one caller gets each,
-- so exactly one node reports a dead node's client as gone.
if redis.replicate_commands then redis.replicate_commands() end

local ttl = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dropped = {}
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for i = 1, #expired do
  local info = redis.call('HGET', KEYS[1], expired[i])
  if info then
    dropped[#dropped + 1] = expired[i]
    dropped[#dropped + 1] = info
    redis.call('HDEL', KEYS[1], expired[i])
  end
end
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
end
local expires = now + ttl
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('ZADD', KEYS[2], expires, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return dropped
