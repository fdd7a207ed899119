import fc from 'fast-check';

const channelChars = [...'abcxyz019:/._-éß日本🎉'];

/** Valid bare channel names: 1 to 24 characters from a mixed alphabet, never `site:`-prefixed. */
export const channelName = fc
  .array(fc.constantFrom(...channelChars), { minLength: 1, maxLength: 24 })
  .map((chars) => chars.join(''));

/** Event names: any non-empty string. */
export const eventName = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });

/** JSON data, including non-ASCII strings. */
export const jsonData = fc.jsonValue({ maxDepth: 3 });

/** What a JSON round trip makes of `value` (-0 becomes 0, as on the wire). */
export function viaJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null));
}
