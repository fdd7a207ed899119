import type { LogLevel } from './config.js';

/** Fields attached to one log event. Values must be JSON-serialisable. */
export type LogFields = Record<string, unknown>;

/** A structured logger: one JSON object per line, `time`, `level` and `event` first. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Field names whose values never reach a log line, whatever the caller passes. A last line of
 * defence: callers are expected not to pass secrets in the first place.
 */
const SECRET_FIELD = /secret|token|key|password|signature|cookie|authorization|verifier|^sign$/i;

/** Creates a logger that writes lines at `level` and above to `write` (stdout by default). */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const threshold = RANK[level];

  const emit = (lineLevel: LogLevel, event: string, fields: LogFields = {}) => {
    if (RANK[lineLevel] < threshold) return;

    const record: LogFields = { time: new Date().toISOString(), level: lineLevel, event };
    for (const [name, value] of Object.entries(fields)) {
      record[name] = SECRET_FIELD.test(name) ? '[redacted]' : describe(value);
    }

    write(`${JSON.stringify(record)}\n`);
  };

  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

/** A logger that drops everything, for embedding and tests that do not read logs. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }

  return value;
}
