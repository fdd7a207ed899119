/**
 * The primitives every envelope and signature operation is built from. Two implementations
 * ship: WebCrypto (`crypto.subtle`) and a pure-JavaScript fallback for pages without it. Both
 * take and return plain bytes; argument checks happen before a backend is called.
 */
export interface CryptoBackend {
  /** `'webcrypto'` or `'fallback'`, for diagnostics and tests. */
  readonly name: string;

  /** HKDF-SHA256 (RFC 5869): `length` bytes of output keying material. */
  hkdfSha256(
    ikm: Uint8Array,
    salt: Uint8Array,
    info: Uint8Array,
    length: number,
  ): Promise<Uint8Array>;

  /** HMAC-SHA256 of `data` under `key`. */
  hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array>;

  /** SHA-256 digest of `data`. */
  sha256(data: Uint8Array): Promise<Uint8Array>;

  /** AES-256-GCM with a 16-byte tag; returns `ciphertext ‖ tag`. */
  aesGcmEncrypt(
    key: Uint8Array,
    iv: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array,
  ): Promise<Uint8Array>;

  /**
   * The inverse of {@link CryptoBackend.aesGcmEncrypt}. Must throw a `WordSocketCryptoError`
   * with code `tampered` when authentication fails, and never return unauthenticated bytes.
   */
  aesGcmDecrypt(
    key: Uint8Array,
    iv: Uint8Array,
    sealed: Uint8Array,
    aad: Uint8Array,
  ): Promise<Uint8Array>;
}

/** Options every asynchronous operation accepts. */
export interface BackendOptions {
  /**
   * The backend to use. By default WebCrypto where `crypto.subtle` exists, otherwise the
   * pure-JavaScript fallback (loaded on first use).
   */
  backend?: CryptoBackend;
}
