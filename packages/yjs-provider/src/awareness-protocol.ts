/**
 * The awareness update format of `y-protocols/awareness`, read and written against an `Awareness`
 * instance the caller owns. It is reimplemented here because the y-protocols module imports
 * `yjs` at runtime, and the WordPress entry must not load a second Yjs.
 *
 * ```
 * varUint count, then per client: varUint clientID, varUint clock, varString JSON(state | null)
 * ```
 *
 * @module
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';

import { MalformedMessageError } from './messages';

/** The set of clients an awareness change touched. */
export interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** Encodes the current states (or `null` for absent ones) of `clients`. */
export function encodeAwarenessStates(awareness: Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, clients.length);

  for (const clientID of clients) {
    const state = awareness.states.get(clientID) ?? null;
    const clock = awareness.meta.get(clientID)?.clock ?? 0;
    encoding.writeVarUint(encoder, clientID);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }

  return encoding.toUint8Array(encoder);
}

/**
 * Encodes the removal of this client's own state, with a clock one past the current one so every
 * peer accepts it. The awareness itself is left as it is: it belongs to the caller.
 */
export function encodeLocalRemoval(awareness: Awareness): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, awareness.clientID);
  encoding.writeVarUint(encoder, (awareness.meta.get(awareness.clientID)?.clock ?? 0) + 1);
  encoding.writeVarString(encoder, 'null');
  return encoding.toUint8Array(encoder);
}

interface Entry {
  clientID: number;
  clock: number;
  state: Record<string, unknown> | null;
}

function readEntries(update: Uint8Array): Entry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: Entry[] = [];

    for (let i = 0; i < count; i++) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        throw new MalformedMessageError('an awareness state is not an object or null');
      }

      entries.push({ clientID, clock, state: state as Entry['state'] });
    }

    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes');
    return entries;
  } catch (cause) {
    if (cause instanceof MalformedMessageError) throw cause;
    throw new MalformedMessageError('awareness update is truncated or not JSON', { cause });
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;

  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;

  return keysA.every((key) =>
    deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * Applies an awareness update with the rules of y-protocols: a newer clock wins, an equal clock
 * with a null state removes, and a peer can never remove this client's own live state (its clock
 * is bumped instead, so the next broadcast re-announces it). Emits `change` and `update` on the
 * awareness like y-protocols does.
 *
 * The whole update is decoded before anything is applied, so a malformed one changes nothing.
 *
 * @throws {MalformedMessageError} when the update cannot be decoded
 */
export function applyAwarenessStates(
  awareness: Awareness,
  update: Uint8Array,
  origin: unknown,
): void {
  const entries = readEntries(update);
  const now = Date.now();
  const change: AwarenessChange = { added: [], updated: [], removed: [] };
  const changedStates: number[] = [];

  for (const entry of entries) {
    const { clientID, state } = entry;
    let { clock } = entry;
    const meta = awareness.meta.get(clientID);
    const previous = awareness.states.get(clientID);
    const currentClock = meta?.clock ?? 0;
    const isRemoval = state === null && awareness.states.has(clientID);
    if (!(currentClock < clock || (currentClock === clock && isRemoval))) continue;

    if (state === null) {
      if (clientID === awareness.clientID && awareness.getLocalState() !== null) clock++;
      else awareness.states.delete(clientID);
    } else {
      awareness.states.set(clientID, state);
    }

    awareness.meta.set(clientID, { clock, lastUpdated: now });

    if (meta === undefined && state !== null) {
      change.added.push(clientID);
    } else if (meta !== undefined && state === null) {
      change.removed.push(clientID);
    } else if (state !== null) {
      change.updated.push(clientID);
      if (!deepEqual(state, previous)) changedStates.push(clientID);
    }
  }

  const { added, updated, removed } = change;
  if (added.length > 0 || changedStates.length > 0 || removed.length > 0) {
    awareness.emit('change', [{ added, updated: changedStates, removed }, origin]);
  }

  if (added.length > 0 || updated.length > 0 || removed.length > 0) {
    awareness.emit('update', [{ added, updated, removed }, origin]);
  }
}

/**
 * Removes the states of `clients` (never this client's own) and emits `change` and `update`,
 * like `removeAwarenessStates` of y-protocols does for remote clients. Their clocks are forgotten
 * too, so after a reconnect a peer that re-announces an unchanged state (same clock) is seen again.
 */
export function removeRemoteStates(awareness: Awareness, clients: number[], origin: unknown) {
  const removed: number[] = [];
  for (const clientID of clients) {
    if (clientID === awareness.clientID || !awareness.states.has(clientID)) continue;

    awareness.states.delete(clientID);
    awareness.meta.delete(clientID);
    removed.push(clientID);
  }

  if (removed.length === 0) return;

  awareness.emit('change', [{ added: [], updated: [], removed }, origin]);
  awareness.emit('update', [{ added: [], updated: [], removed }, origin]);
}
