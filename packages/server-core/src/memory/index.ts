export { MemoryBroker, MemoryBus } from './memory-broker.js';
export { MemoryConnectCodes } from './memory-connect-codes.js';
export { MemoryConnectionCounter } from './memory-connection-counter.js';
export { MemoryHistory, type MemoryHistoryOptions, parsePosition } from './memory-history.js';
export { MemoryReplayCache } from './memory-replay-cache.js';
export { MemorySiteStore } from './memory-site-store.js';
