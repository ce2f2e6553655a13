-- Removes presence entries of one channel. KEYS as in presence_add.lua; ARGV = client ids.
redis.call('HDEL', KEYS[1], unpack(ARGV))
redis.call('ZREM', KEYS[2], unpack(ARGV))
return 1
