-- Drops expired presence entries of one channel, then returns {live, dropped}: the rest and the
-- entries this call dropped, each a flat id/info list. KEYS as in presence_add.lua.
if redis.replicate_commands then redis.replicate_commands() end

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
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
return {redis.call('HGETALL', KEYS[1]), dropped}
