/** The object id used when the editor syncs a whole collection rather than one record. */
export const COLLECTION_OBJECT_ID = 'collection';

/**
 * The channel a Yjs document lives on: `yjs:{objectType}:{objectId}` (protocol §11), with
 * `collection` standing in for a null id.
 *
 * @example
 * yjsChannelName('postType/post', '42'); // 'yjs:postType/post:42'
 * yjsChannelName('root/comment', null); // 'yjs:root/comment:collection'
 */
export function yjsChannelName(objectType: string, objectId: string | number | null): string {
  const id = objectId === null || objectId === '' ? COLLECTION_OBJECT_ID : String(objectId);
  return `yjs:${objectType}:${id}`;
}
