/**
 * The `wpsignal-collaboration` script: registers WordSocket as the block editor's sync provider.
 * The plugin loads it ahead of `wp-core-data` on block-editor screens (includes/Collaboration),
 * so the `sync.providers` filter is in place before the editor asks for providers.
 *
 * Rooms are relay-blind unless the site turned that off (`window.wpSignalCollaboration`, printed
 * by includes/Collaboration): every Yjs message is sealed with the room's v2 channel key, which
 * the page gets from WordPress like any channel key. A missing setting means relay-blind.
 */
import { addFilter, doAction } from '@wordpress/hooks';
import type { ProviderCreator } from '@wordpress/sync';
import WPS from '@wordsocket/wp-plugin/wps';
import { fromWordSocketClient } from '@wordsocket/yjs-provider';
import { createWordSocketProviderCreator } from '@wordsocket/yjs-provider/wordpress';

declare global {
  interface Window {
    wpSignalCollaboration?: { relayBlind?: unknown };
  }
}

const relayBlind = window.wpSignalCollaboration?.relayBlind !== false;
const connection = fromWordSocketClient(WPS.connection);
const create = createWordSocketProviderCreator({
  connection: () => {
    WPS.connection.start();
    return connection;
  },
  roomKey: relayBlind ? (channel) => WPS.connection.channelKey(channel) : undefined,
});

const creator: ProviderCreator = (options) => {
  /**
   * Fires when the editor asks WordSocket to sync an entity.
   *
   * @param {string}      objectType For example `postType/post`.
   * @param {string|null} objectId   The entity's id, null for a collection.
   */
  doAction('wpsignal.collaboration.entity', options.objectType, options.objectId);
  return create(options);
};

addFilter('sync.providers', 'wordsocket/collaboration', () => [creator]);
