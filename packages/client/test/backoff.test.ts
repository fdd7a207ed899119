import { describe, expect, it } from 'vitest';
import { fullJitter } from '../src/backoff.js';

describe('fullJitter', () => {
  it('draws the first retry from the base window', () => {
    expect(fullJitter(0, 1000, 30_000, () => 0.999)).toBe(999);
    expect(fullJitter(0, 1000, 30_000, () => 0)).toBe(0);
  });

  it('doubles the window after each failure', () => {
    expect(fullJitter(3, 1000, 30_000, () => 0.5)).toBe(4000);
  });

  it('never exceeds the cap however many failures came before', () => {
    expect(fullJitter(1000, 1000, 30_000, () => 0.999_999)).toBeLessThan(30_000);
  });

  it('spreads delays over the whole window', () => {
    const delays = Array.from({ length: 2000 }, () => fullJitter(2, 1000, 30_000));
    const low = delays.filter((d) => d < 2000).length;

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(4000);
    expect(low).toBeGreaterThan(800);
    expect(low).toBeLessThan(1200);
  });
});
