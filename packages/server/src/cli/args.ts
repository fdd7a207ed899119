import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ServerError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command takes: where the data and the sites are. */
export const STORAGE_FLAGS = {
  'data-dir': { type: 'string' },
  redis: { type: 'string' },
  'redis-prefix': { type: 'string' },
  'redis-sites': { type: 'boolean' },
} as const satisfies Options;

/** Flags only `start` takes. */
export const START_FLAGS = {
  ...STORAGE_FLAGS,
  host: { type: 'string' },
  port: { type: 'string' },
  'log-level': { type: 'string' },
} as const satisfies Options;

/**
 * Parses `args` strictly against `options`: an unknown flag, a missing value or a stray
 * positional argument is an `invalid_flag` error naming it.
 */
export function parseFlags<T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ServerError('invalid_flag', (error as Error).message, { cause: error });
  }
}
