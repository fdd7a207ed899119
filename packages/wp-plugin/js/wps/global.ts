/**
 * The types of `window.WPS` for the other bundles, which import it as
 * `@wordsocket/wp-plugin/wps` (tsconfig paths); js/tools/build.mjs turns that import into a read
 * of the global set by the `wpsignal` script, so the page keeps one connection.
 */
import type { WPSApi } from './api';

declare const WPS: WPSApi;
export default WPS;
