/**
 * `@wordsocket/server-core/node`: the relay on node:http with `ws`.
 *
 * @module
 */
export { attachRelay, WebSocketAdapter } from './node/adapter.js';
export {
  createRequestListener,
  type RequestListenerOptions,
  sendWebResponse,
  toWebRequest,
} from './node/http.js';
export { WsSocket } from './node/ws-socket.js';
