import type { PresenceChange, PresenceMember } from './events.js';

/**
 * The members of each channel's presence set, kept from the relay's `wps.presence` messages
 * (docs/protocol.md §6): `sync` replaces the set, `join` adds or updates one, `leave` removes one.
 */
export class Roster {
  readonly #channels = new Map<string, Map<string, PresenceMember>>();

  /** The members of `channel` now. */
  members(channel: string): PresenceMember[] {
    return [...(this.#channels.get(channel)?.values() ?? [])];
  }

  /**
   * Applies one `wps.presence` payload. Returns the change, or `undefined` for a payload that
   * breaks §6 (which the client then reports as a bad frame).
   */
  apply(channel: string, data: unknown): PresenceChange | undefined {
    if (!isRecord(data)) return undefined;

    let set = this.#channels.get(channel);
    if (!set) {
      set = new Map();
      this.#channels.set(channel, set);
    }

    const { action } = data;
    let member: PresenceMember | undefined;

    if (action === 'sync') {
      if (!Array.isArray(data.members)) return undefined;
      const members = data.members.map(toMember);
      if (members.some((m) => m === undefined)) return undefined;
      set.clear();
      for (const m of members as PresenceMember[]) set.set(m.id, m);
    } else if (action === 'join') {
      member = toMember(data);
      if (!member) return undefined;
      set.set(member.id, member);
    } else if (action === 'leave') {
      if (typeof data.id !== 'string') return undefined;
      member = set.get(data.id) ?? { id: data.id, userId: undefined, state: null };
      set.delete(data.id);
    } else {
      return undefined;
    }

    return { channel, action, member, members: [...set.values()] };
  }

  /** Forgets a channel's members (unsubscribed, or the connection ended). */
  clear(channel?: string): void {
    if (channel === undefined) this.#channels.clear();
    else this.#channels.delete(channel);
  }
}

function toMember(value: unknown): PresenceMember | undefined {
  if (!isRecord(value) || typeof value.id !== 'string') return undefined;

  return {
    id: value.id,
    userId: typeof value.user_id === 'string' ? value.user_id : undefined,
    state: value.state ?? null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
