import { connect } from 'node:net';

/**
 * Whether CI demands every external service. Under `WORDSOCKET_REQUIRE_SERVICES=1` a suite whose
 * service is missing fails instead of skipping, so nothing is silently left out of CI.
 */
export const servicesRequired = process.env.WORDSOCKET_REQUIRE_SERVICES === '1';

/** Resolves true when something accepts TCP connections on host:port within the timeout. */
export function isListening(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const finish = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };

    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/**
 * Decides whether a suite that needs a service runs. Returns true when it is there; otherwise
 * throws under CI, or prints why the suite skips and returns false.
 */
export function requireService(name: string, available: boolean, hint: string): boolean {
  if (available) return true;

  const message = `${name} is not available (${hint})`;
  if (servicesRequired) throw new Error(`${message}; WORDSOCKET_REQUIRE_SERVICES=1 requires it`);

  process.stderr.write(`skipping suite: ${message}\n`);
  return false;
}
