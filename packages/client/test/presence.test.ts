import { describe, expect, it } from 'vitest';
import { Roster } from '../src/presence.js';

describe('Roster', () => {
  it('replaces the member set on sync', () => {
    const roster = new Roster();
    roster.apply('room', { action: 'join', id: 'old', state: {} });
    const change = roster.apply('room', {
      action: 'sync',
      members: [{ id: 'a', user_id: '1', state: { name: 'Ann' } }],
    });

    expect(change?.members).toEqual([{ id: 'a', userId: '1', state: { name: 'Ann' } }]);
  });

  it('adds a member on join and updates it on a second join', () => {
    const roster = new Roster();
    roster.apply('room', { action: 'join', id: 'a', state: { typing: false } });
    roster.apply('room', { action: 'join', id: 'a', state: { typing: true } });

    expect(roster.members('room')).toEqual([
      { id: 'a', userId: undefined, state: { typing: true } },
    ]);
  });

  it('removes a member on leave and reports who left', () => {
    const roster = new Roster();
    roster.apply('room', { action: 'join', id: 'a', user_id: '7', state: {} });
    const change = roster.apply('room', { action: 'leave', id: 'a' });

    expect(change?.member?.userId).toBe('7');
    expect(roster.members('room')).toEqual([]);
  });

  it.each([
    ['a non-object', 'sync'],
    ['an unknown action', { action: 'dance', id: 'a' }],
    ['a sync without members', { action: 'sync' }],
    ['a sync with a member lacking an id', { action: 'sync', members: [{ state: {} }] }],
    ['a join without id', { action: 'join', state: {} }],
    ['a leave with a numeric id', { action: 'leave', id: 5 }],
  ])('returns undefined for %s', (_, data) => {
    expect(new Roster().apply('room', data)).toBeUndefined();
  });
});
