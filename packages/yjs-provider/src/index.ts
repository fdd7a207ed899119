export {
  applyAwarenessStates,
  encodeAwarenessStates,
  encodeLocalRemoval,
} from './awareness-protocol';
export { COLLECTION_OBJECT_ID, yjsChannelName } from './channel';
export { Reassembler, splitMessage } from './chunking';
export {
  type RoomCipherOptions,
  type RoomKey,
  roomCipher,
  SEALED_OVERHEAD,
  YJS_AAD_PREFIX,
  type YjsCipher,
} from './cipher';
export {
  type ClientAdapterOptions,
  type ClientEventsSubset,
  type ClientStateChange,
  fromWordSocketClient,
  type WordSocketClientLike,
  type WordSocketConnection,
} from './client-adapter';
export type {
  ChannelHandlers,
  ConnectionSnapshot,
  ConnectionState,
  YjsConnection,
} from './connection';
export { YjsProviderError, type YjsProviderErrorCode } from './errors';
export * from './messages';
export {
  DEFAULT_CHUNK_BYTES,
  DEFAULT_MAX_MESSAGE_BYTES,
  type ProviderStatus,
  type YjsFunctions,
  YjsProvider,
  type YjsProviderEvents,
  type YjsProviderOptions,
} from './provider';
