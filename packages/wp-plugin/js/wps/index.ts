/**
 * The `wpsignal` script: `window.WPS` over one connection to the site's relay, configured by
 * `window.wpSignalConfig`.
 */
import { createWPS, type WPSApi } from './api';
import { readConfig } from './config';

declare global {
  interface Window {
    WPS?: WPSApi;
    wpSignalConfig?: unknown;
  }
}

window.WPS ??= createWPS(readConfig(window.wpSignalConfig));
