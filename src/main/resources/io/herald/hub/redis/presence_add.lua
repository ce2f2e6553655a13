-- Adds or refreshes presence entries of one channel, each expiring on its own: a hash holds the
-- entries, a sorted set their expiry times. A node refreshes its own clients' entries; a dead node's
-- entries run out and are dropped by presence_get.lua.
--
-- KEYS[1] presence hash (client id -> info), KEYS[2] expiry sorted set (client id -> expires at ms)
-- ARGV[1] TTL in ms, then pairs of client id and info
if redis.replicate_commands then redis.replicate_commands() end

local ttl = tonumber(ARGV[1])
local t = redis.call('TIME')
local expires = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + ttl
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('ZADD', KEYS[2], expires, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return 1
