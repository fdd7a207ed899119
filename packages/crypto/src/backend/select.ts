import { subtleCrypto } from '../runtime.js';
import type { BackendOptions, CryptoBackend } from './types.js';
import { webCryptoBackend } from './webcrypto.js';

let fallback: Promise<CryptoBackend> | undefined;

/**
 * The backend an operation uses when none is passed: WebCrypto where `crypto.subtle` exists,
 * otherwise the pure-JavaScript fallback. The fallback is a dynamic import, so bundlers put it
 * in its own chunk and pages with WebCrypto never download it.
 *
 * @example
 * ```ts
 * (await defaultBackend()).name; // 'webcrypto' in Node and on HTTPS pages
 * ```
 */
export function defaultBackend(): Promise<CryptoBackend> {
  if (subtleCrypto() !== undefined) return Promise.resolve(webCryptoBackend);

  fallback ??= import('./fallback.js').then((module) => module.fallbackBackend);

  return fallback;
}

/** The backend named in `options`, or {@link defaultBackend}. */
export function chooseBackend(options: BackendOptions | undefined): Promise<CryptoBackend> {
  return options?.backend ? Promise.resolve(options.backend) : defaultBackend();
}
