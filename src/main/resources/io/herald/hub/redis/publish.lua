-- Appends a publication to a channel's stream and publishes it, atomically: the offset counter,
-- the epoch, the history list, the idempotency record and the PUBLISH change together or not at all,
-- so offsets are gap-free and every subscribing node sees them in order.
--
-- KEYS[1] stream meta hash (e = epoch, o = last offset, t = history TTL in ms)
-- KEYS[2] history list, oldest first; entries are "<offset> <storedAtMs> <body>"
-- KEYS[3] idempotency record (only used when ARGV[7] > 0)
-- ARGV[1] body (opaque bytes built by the node: time, info, payload)
-- ARGV[2] history size (0 = no stream: publish with offset 0)
-- ARGV[3] history TTL in ms
-- ARGV[4] meta TTL in ms (how long offset and epoch outlive the last publication)
-- ARGV[5] epoch to use if the stream has none (random, made by the node)
-- ARGV[6] pub/sub channel ("" = store only, do not publish)
-- ARGV[7] idempotency window in ms (0 = no key)
-- Returns {offset, epoch} of the publication, or of the earlier one with the same idempotency key.
if redis.replicate_commands then redis.replicate_commands() end

local size = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local window = tonumber(ARGV[7])

if window > 0 then
  local seen = redis.call('GET', KEYS[3])
  if seen then
    local space = string.find(seen, ' ', 1, true)
    return {tonumber(string.sub(seen, 1, space - 1)), string.sub(seen, space + 1)}
  end
end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local offset = 0
local epoch = ''
local entry
if size > 0 then
  epoch = redis.call('HGET', KEYS[1], 'e')
  if not epoch then
    -- a new stream (or its meta was lost): never mix old entries into a new epoch
    epoch = ARGV[5]
    redis.call('DEL', KEYS[2])
    redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
  end
  offset = redis.call('HINCRBY', KEYS[1], 'o', 1)
  entry = offset .. ' ' .. now .. ' ' .. ARGV[1]
  redis.call('RPUSH', KEYS[2], entry)
  redis.call('LTRIM', KEYS[2], -size, -1)
  -- drop entries older than the TTL from the head (the list is in time order)
  local cutoff = now - ttl
  while true do
    local head = redis.call('LINDEX', KEYS[2], 0)
    if not head then break end
    local stored = tonumber(string.match(head, '^%d+ (%d+) '))
    if stored >= cutoff then break end
    redis.call('LPOP', KEYS[2])
  end
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('HSET', KEYS[1], 't', ttl)
  redis.call('PEXPIRE', KEYS[1], math.max(ttl, tonumber(ARGV[4])))
else
  entry = '0 ' .. now .. ' ' .. ARGV[1]
end

if ARGV[6] ~= '' then
  redis.call('PUBLISH', ARGV[6], 'P' .. entry)
end
if window > 0 then
  redis.call('SET', KEYS[3], offset .. ' ' .. epoch, 'PX', window)
end
return {offset, epoch}
