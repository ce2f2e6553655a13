package io.herald.hooks.occupancy;

/**
 * The Lua scripts of {@link RedisOccupancy}. ARGV[1] is always the key prefix; times come from the Redis
 * server's clock so nodes with skewed clocks agree on expiry.
 */
final class OccupancyScripts {
    private OccupancyScripts() {
    }

    private static final String NOW = """
            local function now()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            """;

    /** Removes one connection from a channel: {channel maybe empty, user maybe gone, user}. */
    private static final String LEAVE = """
            local function leave(p, ch, c)
              local u = redis.call('HGET', p .. 'ch:' .. ch, c)
              if not u then return {0, 0, ''} end
              redis.call('HDEL', p .. 'ch:' .. ch, c)
              local gone = 0
              if u ~= '' and redis.call('HINCRBY', p .. 'chu:' .. ch, u, -1) <= 0 then
                redis.call('HDEL', p .. 'chu:' .. ch, u)
                gone = 1
              end
              local empty = 0
              if redis.call('HLEN', p .. 'ch:' .. ch) == 0 then empty = 1 end
              return {empty, gone, u}
            end
            """;

    /** ARGV: prefix, client, ttl millis, user, name. */
    static final String CONNECT = NOW + """
            local p, c = ARGV[1], ARGV[2]
            redis.call('ZADD', p .. 'conns', now() + tonumber(ARGV[3]), c)
            redis.call('HSET', p .. 'conn:' .. c, 'u', ARGV[4], 'n', ARGV[5])
            return {}
            """;

    /** ARGV: prefix, client. */
    static final String DISCONNECT = LEAVE + """
            local p, c = ARGV[1], ARGV[2]
            redis.call('ZREM', p .. 'conns', c)
            redis.call('DEL', p .. 'conn:' .. c)
            for _, ch in ipairs(redis.call('SMEMBERS', p .. 'connch:' .. c)) do leave(p, ch, c) end
            redis.call('DEL', p .. 'connch:' .. c)
            return {}
            """;

    /** ARGV: prefix, ttl millis, client ids... Only entries that still exist are extended. */
    static final String REFRESH = NOW + """
            local p, at = ARGV[1], now() + tonumber(ARGV[2])
            for i = 3, #ARGV do redis.call('ZADD', p .. 'conns', 'XX', at, ARGV[i]) end
            return {}
            """;

    /** ARGV: prefix, channel, client, user. Returns {occupied reported now, member added now}. */
    static final String SUBSCRIBE = """
            local p, ch, c, u = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
            redis.call('SADD', p .. 'connch:' .. c, ch)
            if redis.call('HSETNX', p .. 'ch:' .. ch, c, u) == 1 and u ~= '' then
              redis.call('HINCRBY', p .. 'chu:' .. ch, u, 1)
            end
            local occ, mem = 0, 0
            if redis.call('SET', p .. 'occ:' .. ch, '1', 'NX') then occ = 1 end
            if u ~= '' and redis.call('SADD', p .. 'mem:' .. ch, u) == 1 then mem = 1 end
            return {occ, mem}
            """;

    /** ARGV: prefix, channel, client. */
    static final String UNSUBSCRIBE = LEAVE + """
            local p, ch, c = ARGV[1], ARGV[2], ARGV[3]
            redis.call('SREM', p .. 'connch:' .. c, ch)
            return leave(p, ch, c)
            """;

    /** ARGV: prefix, channel. 1 once per vacancy. */
    static final String CONFIRM_VACATED = """
            local p, ch = ARGV[1], ARGV[2]
            if redis.call('HLEN', p .. 'ch:' .. ch) == 0 and redis.call('DEL', p .. 'occ:' .. ch) == 1 then
              return {1}
            end
            return {0}
            """;

    /** ARGV: prefix, channel, user. 1 once per departure. */
    static final String CONFIRM_MEMBER_REMOVED = """
            local p, ch, u = ARGV[1], ARGV[2], ARGV[3]
            if redis.call('HEXISTS', p .. 'chu:' .. ch, u) == 0 and redis.call('SREM', p .. 'mem:' .. ch, u) == 1 then
              return {1}
            end
            return {0}
            """;

    /** ARGV: prefix, limit. Claims expired connections: {{client, user, name, {{channel, empty, gone, user}..}}..}. */
    static final String SWEEP = NOW + LEAVE + """
            local p = ARGV[1]
            local out = {}
            for _, c in ipairs(redis.call('ZRANGEBYSCORE', p .. 'conns', '-inf', now(), 'LIMIT', 0, tonumber(ARGV[2]))) do
              redis.call('ZREM', p .. 'conns', c)
              local info = redis.call('HMGET', p .. 'conn:' .. c, 'u', 'n')
              redis.call('DEL', p .. 'conn:' .. c)
              local subs = {}
              for _, ch in ipairs(redis.call('SMEMBERS', p .. 'connch:' .. c)) do
                local r = leave(p, ch, c)
                table.insert(subs, {ch, r[1], r[2], r[3]})
              end
              redis.call('DEL', p .. 'connch:' .. c)
              table.insert(out, {c, info[1] or '', info[2] or '', subs})
            end
            return out
            """;
}
