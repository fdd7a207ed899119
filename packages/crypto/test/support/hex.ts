/** Test-only hex decoding through Node's Buffer (independent of the code under test). */
export function hex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** A byte range start..end inclusive, as RFC 5869 writes its inputs. */
export function range(start: number, end: number): Uint8Array {
  return Uint8Array.from({ length: end - start + 1 }, (_, i) => start + i);
}

export function toHexString(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
