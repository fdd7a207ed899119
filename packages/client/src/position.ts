/**
 * Whether position `next` comes after `last` in a channel's log (docs/protocol.md §7).
 * Positions are `"<epoch>:<offset>"`; a different epoch is a new log, so it counts as after.
 * A position that does not parse is never treated as a duplicate.
 */
export function isAfter(next: string, last: string | undefined): boolean {
  if (last === undefined) return true;

  const a = split(next);
  const b = split(last);
  if (!a || !b || a[0] !== b[0]) return true;

  return a[1] > b[1];
}

function split(position: string): [string, number] | undefined {
  const colon = position.lastIndexOf(':');
  const offset = Number(position.slice(colon + 1));

  return colon > 0 && Number.isSafeInteger(offset) ? [position.slice(0, colon), offset] : undefined;
}
