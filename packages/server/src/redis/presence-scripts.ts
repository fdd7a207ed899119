import { LUA_PRELUDE } from './lease.js';

/**
 * Scripts of {@link RedisPresenceStore}. One hash per channel holds `m:<connection_id>` (the
 * owning node, a space, the member's JSON) and `e:<node>` (when that node's lease ends, Redis
 * clock ms). A member counts while its node's lease lasts (this node's always do). Fields that
 * do not parse are deleted and counted as bad. The hash expires two leases after the last write.
 */
const SCAN = `${LUA_PRELUDE}
local function scan(key)
  local fields = redis.call('HGETALL', key)
  local leases, members, bad = {}, {}, 0
  for i = 1, #fields, 2 do
    local field, value = fields[i], fields[i + 1]
    local kind, name = string.sub(field, 1, 2), string.sub(field, 3)
    local space = string.find(value, ' ', 1, true)
    if kind == 'e:' and name ~= '' and tonumber(value) ~= nil then
      leases[name] = tonumber(value)
    elseif kind == 'm:' and name ~= '' and space ~= nil and space > 1 then
      members[name] = { string.sub(value, 1, space - 1), string.sub(value, space + 1) }
    else
      redis.call('HDEL', key, field)
      bad = bad + 1
    end
  end
  return leases, members, bad
end
local function alive(leases, node, self, now)
  return node == self or (leases[node] ~= nil and leases[node] >= now)
end
`;

/**
 * Adds or updates a member of this node and renews its lease.
 * KEYS: channel hash. ARGV: node, lease ms, connection id, member JSON. Answers bad.
 */
export const JOIN = `${LUA_PRELUDE}
local bad = claim_hash(KEYS[1])
local lease = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'm:' .. ARGV[3], ARGV[1] .. ' ' .. ARGV[4],
  'e:' .. ARGV[1], now_ms() + lease)
redis.call('PEXPIRE', KEYS[1], 2 * lease)
return bad
`;

/** Removes a member. KEYS: channel hash. ARGV: connection id. Answers bad. */
export const LEAVE = `${LUA_PRELUDE}
local bad = claim_hash(KEYS[1])
redis.call('HDEL', KEYS[1], 'm:' .. ARGV[1])
return bad
`;

/** The members of live nodes. KEYS: channel hash. ARGV: node. Answers {bad, JSON list}. */
export const MEMBERS = `${SCAN}
local bad = claim_hash(KEYS[1])
local now = now_ms()
local leases, members, garbage = scan(KEYS[1])
local out = {}
for _, member in pairs(members) do
  if alive(leases, member[1], ARGV[1], now) then table.insert(out, member[2]) end
end
return { bad + garbage, out }
`;

/**
 * Removes the members of nodes whose lease ended (or that never had one) and those nodes'
 * leases. KEYS: channel hash. ARGV: node. Answers {bad, removed connection ids}.
 */
export const REAP = `${SCAN}
local bad = claim_hash(KEYS[1])
local now = now_ms()
local leases, members, garbage = scan(KEYS[1])
local gone = {}
for id, member in pairs(members) do
  if not alive(leases, member[1], ARGV[1], now) then
    redis.call('HDEL', KEYS[1], 'm:' .. id)
    table.insert(gone, id)
  end
end
for node, lease in pairs(leases) do
  if node ~= ARGV[1] and lease < now then redis.call('HDEL', KEYS[1], 'e:' .. node) end
end
return { bad + garbage, gone }
`;

/**
 * Renews this node's lease on a channel and drops its members that are no longer here; with
 * none left, withdraws the node. Answers the listed members that are missing, for the caller
 * to write again. KEYS: channel hash. ARGV: node, lease ms, connection ids…
 * Answers {bad, missing connection ids}.
 */
export const HEARTBEAT = `${SCAN}
local bad = claim_hash(KEYS[1])
local leases, members, garbage = scan(KEYS[1])
local keep = {}
for i = 3, #ARGV do keep[ARGV[i]] = true end
for id, member in pairs(members) do
  if member[1] == ARGV[1] and not keep[id] then redis.call('HDEL', KEYS[1], 'm:' .. id) end
end
local missing = {}
for i = 3, #ARGV do
  local member = members[ARGV[i]]
  if member == nil or member[1] ~= ARGV[1] then table.insert(missing, ARGV[i]) end
end
if #ARGV > 2 then
  local lease = tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'e:' .. ARGV[1], now_ms() + lease)
  redis.call('PEXPIRE', KEYS[1], 2 * lease)
else
  redis.call('HDEL', KEYS[1], 'e:' .. ARGV[1])
end
return { bad + garbage, missing }
`;
