import { parseArgs } from 'node:util';
import { ServerError } from '../errors.js';

/** One flag: a value (`--port 8080`) or a switch (`--json`). */
interface FlagSpec {
  type: 'string' | 'boolean';
}

type FlagSpecs = Record<string, FlagSpec>;

/** The parsed values of `T`'s flags; a flag that was not given is absent. */
export type FlagValues<T extends FlagSpecs> = {
  [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean;
};

/** Flags every command takes: where the data and the sites are. */
export const STORAGE_FLAGS = {
  'data-dir': { type: 'string' },
  redis: { type: 'string' },
  'redis-prefix': { type: 'string' },
  'redis-sites': { type: 'boolean' },
} as const satisfies FlagSpecs;

/** Flags only `start` takes. */
export const START_FLAGS = {
  ...STORAGE_FLAGS,
  host: { type: 'string' },
  port: { type: 'string' },
  'log-level': { type: 'string' },
} as const satisfies FlagSpecs;

/**
 * Parses `args` strictly against `specs`: an unknown flag, a missing value or a stray
 * positional argument is an `invalid_flag` error naming it.
 */
export function parseFlags<T extends FlagSpecs>(args: string[], specs: T): FlagValues<T> {
  try {
    const { values } = parseArgs({ args, options: specs, strict: true, allowPositionals: false });
    return values as FlagValues<T>;
  } catch (error) {
    throw new ServerError('invalid_flag', (error as Error).message, { cause: error });
  }
}
