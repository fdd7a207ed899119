import { describe, expect, it } from 'vitest';
import { isAfter } from '../src/position.js';

describe('isAfter', () => {
  it('accepts anything when nothing was seen', () => {
    expect(isAfter('e:1', undefined)).toBe(true);
  });

  it('accepts a larger offset of the same epoch', () => {
    expect(isAfter('e:10', 'e:9')).toBe(true);
  });

  it('drops an equal or smaller offset of the same epoch', () => {
    expect(isAfter('e:9', 'e:9')).toBe(false);
    expect(isAfter('e:2', 'e:9')).toBe(false);
  });

  it('accepts a position of another epoch, which is a new log', () => {
    expect(isAfter('f:1', 'e:9')).toBe(true);
  });

  it('compares offsets as numbers, not text', () => {
    expect(isAfter('e:10', 'e:9')).toBe(true);
    expect(isAfter('e:9', 'e:10')).toBe(false);
  });

  it('never drops a position that does not parse', () => {
    expect(isAfter('garbage', 'e:9')).toBe(true);
    expect(isAfter('e:x', 'e:9')).toBe(true);
  });
});
