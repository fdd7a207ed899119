/**
 * Checks a channel or event name given to the client's API.
 *
 * @throws TypeError when `value` is not a non-empty string
 */
export function assertChannel(value: unknown, label = 'channel'): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${label} must be a non-empty string`);
  }
}
