import { LUA_PRELUDE } from './lease.js';

/**
 * Scripts of {@link RedisConnectionCounter}. One hash per site holds, per node, `c:<node>` (its
 * connections) and `e:<node>` (when its lease ends, Redis clock ms). Fields that are not ours,
 * counts that are not canonical non-negative integers and lease ends that are not canonical
 * integers at most `MAX_LEASE_MS` ahead of now are deleted and counted as bad; a node whose lease
 * ended no longer counts and its fields go. The hash expires two leases after the last write.
 */
const TALLY = `${LUA_PRELUDE}
local function tally(key, self, now)
  local fields = redis.call('HGETALL', key)
  local counts, leases, bad = {}, {}, 0
  for i = 1, #fields, 2 do
    local field = fields[i]
    local kind, node = string.sub(field, 1, 2), string.sub(field, 3)
    local value = nil
    if kind == 'c:' then value = whole(fields[i + 1]) end
    if kind == 'e:' then value = deadline(fields[i + 1], now) end
    if value == nil or node == '' then
      redis.call('HDEL', key, field)
      bad = bad + 1
    elseif kind == 'c:' then
      counts[node] = value
    else
      leases[node] = value
    end
  end
  local total = 0
  for node, count in pairs(counts) do
    if node == self or (leases[node] ~= nil and leases[node] >= now) then
      total = total + count
    else
      redis.call('HDEL', key, 'c:' .. node, 'e:' .. node)
    end
  end
  for node, lease in pairs(leases) do
    if counts[node] == nil and lease < now and node ~= self then
      redis.call('HDEL', key, 'e:' .. node)
    end
  end
  return total, bad
end
`;

/**
 * Counts one more connection of this node when the live total is under the limit.
 * KEYS: site hash. ARGV: node, limit, lease ms. Answers {admitted 0|1, bad}.
 */
export const ACQUIRE = `${TALLY}
local bad = claim_hash(KEYS[1])
local now = now_ms()
local total, garbage = tally(KEYS[1], ARGV[1], now)
local lease = tonumber(ARGV[3])
if total >= tonumber(ARGV[2]) then return { 0, bad + garbage } end
redis.call('HINCRBY', KEYS[1], 'c:' .. ARGV[1], 1)
redis.call('HSET', KEYS[1], 'e:' .. ARGV[1], now + lease)
redis.call('PEXPIRE', KEYS[1], 2 * lease)
return { 1, bad + garbage }
`;

/** The live total. KEYS: site hash. ARGV: node. Answers {total, bad}. */
export const COUNT = `${TALLY}
local bad = claim_hash(KEYS[1])
local total, garbage = tally(KEYS[1], ARGV[1], now_ms())
return { total, bad + garbage }
`;

/** One connection of this node fewer. KEYS: site hash. ARGV: node. Answers bad. */
export const RELEASE = `${LUA_PRELUDE}
local bad = claim_hash(KEYS[1])
local field = 'c:' .. ARGV[1]
local count = whole(redis.call('HGET', KEYS[1], field) or '0')
if count == nil then
  redis.call('HDEL', KEYS[1], field)
  return bad + 1
end
if count > 1 then
  redis.call('HINCRBY', KEYS[1], field, -1)
else
  redis.call('HDEL', KEYS[1], field)
end
return bad
`;

/**
 * Rewrites this node's count (the relay's own, which heals any drift) and renews its lease;
 * a count of 0 withdraws the node. KEYS: site hash. ARGV: node, count, lease ms. Answers bad.
 */
export const HEARTBEAT = `${LUA_PRELUDE}
local bad = claim_hash(KEYS[1])
local count, lease = tonumber(ARGV[2]), tonumber(ARGV[3])
if count > 0 then
  redis.call('HSET', KEYS[1], 'c:' .. ARGV[1], count, 'e:' .. ARGV[1], now_ms() + lease)
  redis.call('PEXPIRE', KEYS[1], 2 * lease)
else
  redis.call('HDEL', KEYS[1], 'c:' .. ARGV[1], 'e:' .. ARGV[1])
end
return bad
`;
