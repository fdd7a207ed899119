/**
 * The few web-platform globals this package touches, typed here so that the package compiles
 * without the DOM or Node type libraries and its declarations never mention either.
 */

/** The subset of `SubtleCrypto` used by the WebCrypto backend. */
export interface SubtleLike {
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: string | { name: string; hash?: string },
    extractable: boolean,
    usages: string[],
  ): Promise<unknown>;
  deriveBits(
    algorithm: { name: 'HKDF'; hash: string; salt: Uint8Array; info: Uint8Array },
    baseKey: unknown,
    length: number,
  ): Promise<ArrayBuffer>;
  encrypt(
    algorithm: { name: 'AES-GCM'; iv: Uint8Array; additionalData?: Uint8Array; tagLength: number },
    key: unknown,
    data: Uint8Array,
  ): Promise<ArrayBuffer>;
  decrypt(
    algorithm: { name: 'AES-GCM'; iv: Uint8Array; additionalData?: Uint8Array; tagLength: number },
    key: unknown,
    data: Uint8Array,
  ): Promise<ArrayBuffer>;
  sign(algorithm: string, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
}

/** The subset of the global `crypto` object this package uses. */
export interface CryptoLike {
  getRandomValues<T extends Uint8Array>(array: T): T;
  subtle?: SubtleLike;
}

interface TextDecoderLike {
  decode(input: Uint8Array): string;
}

interface Globals {
  crypto?: CryptoLike;
  TextEncoder: new () => { encode(input: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => TextDecoderLike;
}

/** The global object, seen through the types above. */
export const runtime = globalThis as unknown as Globals;

/** The WebCrypto `subtle` object, or `undefined` where the page has none (plain HTTP). */
export function subtleCrypto(): SubtleLike | undefined {
  return runtime.crypto?.subtle ?? undefined;
}
