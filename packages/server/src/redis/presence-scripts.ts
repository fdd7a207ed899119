import { LUA_PRELUDE } from './lease.js';

/**
 * Scripts of {@link RedisPresenceStore}. One hash per channel holds `m:<connection_id>` (the
 * owning node, a space, the member's JSON), `a:<connection_id>` (`1`: the relay announced the
 * member, by its `join` or by listing it in a `sync`) and `e:<node>` (when that node's lease
 * ends, Redis clock ms). A member counts while its node's lease lasts (this node's always do).
 * Fields that are not ours, members whose JSON is not a member with that id, and lease ends
 * that are not canonical integers at most `MAX_LEASE_MS` ahead of now are deleted and counted
 * as bad; an `a:` without its member is dropped. The hash expires two leases after the last
 * write.
 */
const SCAN = `${LUA_PRELUDE}
local function valid_member(id, json)
  local ok, value = pcall(cjson.decode, json)
  if not ok or type(value) ~= 'table' or value.id ~= id then return false end
  if type(value.user_id) ~= 'string' or type(value.state) ~= 'table' then return false end
  return value.state[1] == nil
end
local function scan(key, now)
  local fields = redis.call('HGETALL', key)
  local leases, members, announced, bad = {}, {}, {}, 0
  for i = 1, #fields, 2 do
    local field, value = fields[i], fields[i + 1]
    local kind, name = string.sub(field, 1, 2), string.sub(field, 3)
    local space = string.find(value, ' ', 1, true)
    local lease = nil
    if kind == 'e:' then lease = deadline(value, now) end
    if kind == 'e:' and name ~= '' and lease ~= nil then
      leases[name] = lease
    elseif kind == 'm:' and name ~= '' and space ~= nil and space > 1
      and valid_member(name, string.sub(value, space + 1)) then
      members[name] = { string.sub(value, 1, space - 1), string.sub(value, space + 1) }
    elseif kind == 'a:' and name ~= '' and value == '1' then
      announced[name] = true
    else
      redis.call('HDEL', key, field)
      bad = bad + 1
    end
  end
  for id in pairs(announced) do
    if members[id] == nil then
      redis.call('HDEL', key, 'a:' .. id)
      announced[id] = nil
    end
  end
  return leases, members, announced, bad
end
local function alive(leases, node, self, now)
  return node == self or (leases[node] ~= nil and leases[node] >= now)
end
-- Claims the channel hash and scans it. Answers the bad fields removed, now, leases, members
-- and announced.
local function read_channel(key)
  local bad = claim_hash(key)
  local now = now_ms()
  local leases, members, announced, garbage = scan(key, now)
  return bad + garbage, now, leases, members, announced
end
-- Deletes a member and its mark; adds its id to the list gone when the relay had announced it.
local function remove_member(key, id, announced, gone)
  redis.call('HDEL', key, 'm:' .. id, 'a:' .. id)
  if announced[id] then table.insert(gone, id) end
end
`;

/**
 * Adds or updates a member of this node (announced by its `join`) and renews its lease.
 * KEYS: channel hash. ARGV: node, lease ms, connection id, member JSON. Answers bad.
 */
export const JOIN = `${LUA_PRELUDE}
local bad = claim_hash(KEYS[1])
local lease = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], 'm:' .. ARGV[3], ARGV[1] .. ' ' .. ARGV[4], 'a:' .. ARGV[3], '1',
  'e:' .. ARGV[1], now_ms() + lease)
redis.call('PEXPIRE', KEYS[1], 2 * lease)
return bad
`;

/** Removes a member. KEYS: channel hash. ARGV: connection id. Answers bad. */
export const LEAVE = `${LUA_PRELUDE}
local bad = claim_hash(KEYS[1])
redis.call('HDEL', KEYS[1], 'm:' .. ARGV[1], 'a:' .. ARGV[1])
return bad
`;

/**
 * Removes a member the caller could not read, unless it changed meanwhile.
 * KEYS: channel hash. ARGV: connection id, member JSON as listed. Answers 1 when removed.
 */
export const DROP = `
local value = redis.call('HGET', KEYS[1], 'm:' .. ARGV[1])
if not value then return 0 end
local space = string.find(value, ' ', 1, true)
if space == nil or string.sub(value, space + 1) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], 'm:' .. ARGV[1], 'a:' .. ARGV[1])
return 1
`;

/**
 * The members of live nodes, each marked announced (the caller lists them in a `sync`).
 * KEYS: channel hash. ARGV: node. Answers {bad, {id, JSON, id, JSON…}}.
 */
export const MEMBERS = `${SCAN}
local bad, now, leases, members, announced = read_channel(KEYS[1])
local out = {}
for id, member in pairs(members) do
  if alive(leases, member[1], ARGV[1], now) then
    if not announced[id] then redis.call('HSET', KEYS[1], 'a:' .. id, '1') end
    table.insert(out, id)
    table.insert(out, member[2])
  end
end
return { bad, out }
`;

/**
 * Removes the members of nodes whose lease ended (or that never had one) and those nodes'
 * leases. KEYS: channel hash. ARGV: node. Answers {bad, removed connection ids the relay had
 * announced}.
 */
export const REAP = `${SCAN}
local bad, now, leases, members, announced = read_channel(KEYS[1])
local gone = {}
for id, member in pairs(members) do
  if not alive(leases, member[1], ARGV[1], now) then
    remove_member(KEYS[1], id, announced, gone)
  end
end
for node, lease in pairs(leases) do
  if node ~= ARGV[1] and lease < now then redis.call('HDEL', KEYS[1], 'e:' .. node) end
end
return { bad, gone }
`;

/**
 * Renews this node's lease on a channel and drops the members under its id that it does not
 * hold (ones it left whose removal failed, or ones written by someone else); with none left,
 * withdraws the node. KEYS: channel hash. ARGV: node, lease ms, connection ids…
 * Answers {bad, missing connection ids (for the caller to write again), dropped connection ids
 * the relay had announced}.
 */
export const HEARTBEAT = `${SCAN}
local bad, now, leases, members, announced = read_channel(KEYS[1])
local keep = {}
for i = 3, #ARGV do keep[ARGV[i]] = true end
local dropped = {}
for id, member in pairs(members) do
  if member[1] == ARGV[1] and not keep[id] then
    remove_member(KEYS[1], id, announced, dropped)
  end
end
local missing = {}
for i = 3, #ARGV do
  local member = members[ARGV[i]]
  if member == nil or member[1] ~= ARGV[1] then table.insert(missing, ARGV[i]) end
end
if #ARGV > 2 then
  local lease = tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'e:' .. ARGV[1], now + lease)
  redis.call('PEXPIRE', KEYS[1], 2 * lease)
else
  redis.call('HDEL', KEYS[1], 'e:' .. ARGV[1])
end
return { bad, missing, dropped }
`;
