import type { Relay } from '@wordsocket/server-core';
import type { Logger } from './logger.js';

/**
 * Turns relay events into log lines. Identifiers only (connection and site ids, codes); the
 * relay's events carry no token, secret or payload, and none is added here.
 */
export function logRelayEvents(relay: Relay, logger: Logger): void {
  relay.on('connection', (event) => logger.debug('connection', { ...event }));
  relay.on('disconnect', (event) => logger.debug('disconnect', { ...event }));
  relay.on('rejected', (event) => logger.info('rejected', { ...event }));
  relay.on('slowConsumer', (event) => logger.warn('slow_consumer', { ...event }));
  relay.on('siteRegistered', (event) =>
    logger.info('site_registered', { site_id: event.siteId, via: event.via }),
  );
  relay.on('siteRemoved', (event) => logger.info('site_removed', { site_id: event.siteId }));
  relay.on('error', (event) =>
    logger.error('relay_error', { context: event.context, error: event.error }),
  );
}
