import type { Logger } from '../logger.js';

/** Resolves on the first SIGTERM or SIGINT (logged), so `start` can shut down gracefully. */
export function waitForSignals(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      logger.info('shutdown_requested', { signal });
      resolve(signal);
    };

    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
