import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../src/metrics/registry.js';

describe('MetricsRegistry', () => {
  it('renders HELP, TYPE and one line per labelled series', () => {
    const registry = new MetricsRegistry();
    const inc = registry.counter('requests_total', 'Requests.');
    inc({ class: '2xx' });
    inc({ class: '2xx' }, 2);
    inc({ class: '4xx' });

    expect(registry.render()).toBe(
      [
        '# HELP requests_total Requests.',
        '# TYPE requests_total counter',
        'requests_total{class="2xx"} 3',
        'requests_total{class="4xx"} 1',
        '',
      ].join('\n'),
    );
  });

  it('reads gauges at render time', () => {
    const registry = new MetricsRegistry();
    let value = 1;
    registry.gauge('open', 'Open things.', () => value);
    value = 5;

    expect(registry.render()).toContain('\nopen 5\n');
  });

  it('escapes backslashes, quotes and newlines in label values', () => {
    const registry = new MetricsRegistry();
    registry.counter('c', 'C.')({ v: 'a\\b"c\nd' });

    expect(registry.render()).toContain('c{v="a\\\\b\\"c\\nd"} 1');
  });

  it('refuses to declare a metric twice', () => {
    const registry = new MetricsRegistry();
    registry.gauge('g', 'G.', () => 1);

    expect(() => registry.gauge('g', 'G.', () => 1)).toThrow(TypeError);
  });
});
