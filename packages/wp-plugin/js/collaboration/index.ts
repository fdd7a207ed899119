/**
 * The `wpsignal-collaboration` script: registers WordSocket as the block editor's sync provider.
 * The plugin loads it ahead of `wp-core-data` on block-editor screens (includes/Collaboration),
 * so the `sync.providers` filter is in place before the editor asks for providers.
 */
import { addFilter, doAction } from '@wordpress/hooks';
import type { ProviderCreator } from '@wordpress/sync';
import WPS from '@wordsocket/wp-plugin/wps';
import { fromWordSocketClient } from '@wordsocket/yjs-provider';
import { createWordSocketProviderCreator } from '@wordsocket/yjs-provider/wordpress';

const connection = fromWordSocketClient(WPS.connection);
const create = createWordSocketProviderCreator({
  connection: () => {
    WPS.connection.start();
    return connection;
  },
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
