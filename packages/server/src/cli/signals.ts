/** The first SIGTERM or SIGINT, caught from the moment this is created. */
export interface ShutdownSignal {
  /** Resolves with the first signal received. */
  received: Promise<NodeJS.Signals>;
  /** Stops catching signals (their default action, ending the process, applies again). */
  dispose(): void;
}

/**
 * Catches SIGTERM and SIGINT so `start` can shut down gracefully. Created before the server
 * starts, so a signal that arrives during startup is not lost to the default action; only the
 * first is caught, so a second Ctrl-C ends the process at once.
 */
export function catchShutdownSignal(): ShutdownSignal {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const dispose = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  const received = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      dispose();
      resolve(signal);
    };
  });

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return { received, dispose };
}
