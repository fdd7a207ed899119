/** Argument checks for API misuse: they throw `TypeError`/`RangeError`, never a coded error. */

/** Throws a `TypeError` unless `value` is a `Uint8Array`. */
export function assertBytes(value: unknown, label: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${label} must be a Uint8Array`);
}

/** Throws a `TypeError` unless `value` is a string. */
export function assertString(value: unknown, label: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${label} must be a string`);
}

/** Throws a `TypeError` unless `value` is a string or a `Uint8Array`. */
export function assertText(value: unknown, label: string): asserts value is string | Uint8Array {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
    throw new TypeError(`${label} must be a string or a Uint8Array`);
  }
}

/** Throws a `TypeError` or `RangeError` unless `value` is an integer in [min, max]. */
export function assertInteger(value: unknown, label: string, min: number, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`${label} must be a number`);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${label} must be an integer from ${min} to ${max}, got ${value}`);
  }

  return value;
}
