-- Reads a channel's stream: its position, its oldest kept offset and up to a limit of entries after
-- an offset. Creates the stream's epoch when there is none, so that a subscriber told "offset 0,
-- epoch E" can later recover the first publication, which will carry the same epoch.
--
-- KEYS[1] stream meta hash, KEYS[2] history list (see publish.lua)
-- ARGV[1] since offset, ARGV[2] limit, ARGV[3] epoch to create if none, ARGV[4] meta TTL in ms
-- Returns {lastOffset, epoch, earliestOffset, entry...}
if redis.replicate_commands then redis.replicate_commands() end

local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[3]
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'e', epoch, 'o', 0)
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
  return {0, epoch, 0}
end
local last = tonumber(redis.call('HGET', KEYS[1], 'o'))
local ttl = tonumber(redis.call('HGET', KEYS[1], 't') or '0')

local earliest = 0
local cutoff = nil
if ttl > 0 then
  local t = redis.call('TIME')
  cutoff = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - ttl
end
while true do
  local head = redis.call('LINDEX', KEYS[2], 0)
  if not head then break end
  local o, stored = string.match(head, '^(%d+) (%d+) ')
  if cutoff == nil or tonumber(stored) >= cutoff then
    earliest = tonumber(o)
    break
  end
  -- expired: drop it from the head (the list is in time order)
  redis.call('LPOP', KEYS[2])
end

local result = {last, epoch, earliest}
local limit = tonumber(ARGV[2])
if earliest > 0 and limit > 0 then
  local since = tonumber(ARGV[1])
  local first = math.max(since + 1, earliest)
  if first <= last then
    -- offsets in the list are contiguous, so an offset's index is its distance from the head
    local from = first - earliest
    local to = math.min(from + limit, last - earliest + 1) - 1
    local entries = redis.call('LRANGE', KEYS[2], from, to)
    for i = 1, #entries do
      result[#result + 1] = entries[i]
    end
  end
end
return result
