/** Label names and values of one series. */
export type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  series: Map<string, { labels: Labels; value: number }>;
  /** For gauges read at scrape time. */
  collect?: () => number;
}

/**
 * A small Prometheus registry: counters, settable gauges and gauges read at scrape time,
 * rendered in the text exposition format (version 0.0.4).
 */
export class MetricsRegistry {
  readonly #families = new Map<string, Family>();

  /** Declares a counter; `inc` adds to one of its series. */
  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    const family = this.#declare(name, help, 'counter');
    return (labels = {}, by = 1) => {
      const key = seriesKey(labels);
      const series = family.series.get(key);
      if (series) series.value += by;
      else family.series.set(key, { labels, value: by });
    };
  }

  /**
   * Declares a series whose value is read from `collect` at every scrape: a gauge, or a counter
   * kept elsewhere (`type: 'counter'`).
   */
  gauge(name: string, help: string, collect: () => number, type: Family['type'] = 'gauge'): void {
    this.#declare(name, help, type).collect = collect;
  }

  /** The exposition text of every family. */
  render(): string {
    const lines: string[] = [];
    for (const [name, family] of this.#families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      if (family.collect) lines.push(`${name} ${formatValue(family.collect())}`);
      for (const { labels, value } of family.series.values()) {
        lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
      }
    }

    return `${lines.join('\n')}\n`;
  }

  #declare(name: string, help: string, type: Family['type']): Family {
    if (this.#families.has(name)) throw new TypeError(`metric ${name} is declared twice`);

    const family: Family = { help, type, series: new Map() };
    this.#families.set(name, family);
    return family;
  }
}

function seriesKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';

  const body = entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',');
  return `{${body}}`;
}

/** Label values escape backslash, double quote and newline (the text format's rules). */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
