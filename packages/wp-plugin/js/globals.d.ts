/** The `wpsignal` script's `window.WPS`, read by the other bundles (see js/tools/build.mjs). */
declare module '@wordsocket/wp-plugin/wps' {
  import type { WPSApi } from './wps/api';

  const WPS: WPSApi;
  export default WPS;
}
