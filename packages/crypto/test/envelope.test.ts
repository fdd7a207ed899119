import { describe, expect, it } from 'vitest';
import {
  deriveChannelKey,
  deriveV1Key,
  fromBase64,
  isEncryptedMessage,
  openMessage,
  openV1,
  openV2,
  sealV1,
  sealV2,
} from '../src/index.js';
import { expectedBackend } from './support/backend.js';
import { expectCode } from './support/expect-code.js';

const seed = 'put your unique phrase here, twice';
const siteKey = 'b6f1c0e2d3a4958677e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0';
const siteId = 'c'.repeat(64);
const message = {
  event: 'post.published',
  data: { id: 42, url: 'https://example.test/a/b', t: 'é🎉日本' },
};

describe(`v1 envelopes on ${expectedBackend}`, () => {
  it('seals to {event: "encrypted", data: {v: 1, p}} and opens to the original message', async () => {
    const key = await deriveV1Key(seed, siteKey);
    const sealed = await sealV1(key, message);

    expect(sealed.event).toBe('encrypted');
    expect(Object.keys(sealed.data)).toEqual(['v', 'p']);
    expect(sealed.data.v).toBe(1);
    expect(await openV1(key, sealed)).toEqual(message);
  });

  it('lays p out as iv[12] ‖ ciphertext ‖ tag[16] around the exact inner JSON', async () => {
    const key = await deriveV1Key(seed, siteKey);
    const sealed = await sealV1(key, message);
    const inner = Buffer.from(JSON.stringify({ event: message.event, data: message.data }), 'utf8');

    expect(fromBase64(sealed.data.p).length).toBe(12 + inner.length + 16);
  });

  it('uses a fresh IV for every seal', async () => {
    const key = await deriveV1Key(seed, siteKey);
    const a = await sealV1(key, message);
    const b = await sealV1(key, message);

    expect(a.data.p.slice(0, 16)).not.toBe(b.data.p.slice(0, 16));
  });

  it('writes undefined data as null', async () => {
    const key = await deriveV1Key(seed, siteKey);
    const opened = await openV1(key, await sealV1(key, { event: 'e', data: undefined }));

    expect(opened).toEqual({ event: 'e', data: null });
  });

  it('ignores the other fields of a relay frame', async () => {
    const key = await deriveV1Key(seed, siteKey);
    const frame = { type: 'message', channel: 'posts', id: 'x:1', ...(await sealV1(key, message)) };

    expect(await openV1(key, frame)).toEqual(message);
  });

  it('uses the current bytes of a key array that was changed in place', async () => {
    const key = await deriveV1Key(seed, siteKey);
    const sealed = await sealV1(key, message);
    key.set(await deriveV1Key('other seed', siteKey));

    await expectCode(openV1(key, sealed), 'tampered');
    expect(await openV1(key, await sealV1(key, message))).toEqual(message);
  });

  it('refuses the key of another seed as tampered', async () => {
    const sealed = await sealV1(await deriveV1Key(seed, siteKey), message);

    await expectCode(openV1(await deriveV1Key('other seed', siteKey), sealed), 'tampered');
  });

  it('refuses a v2 envelope as wrong_version', async () => {
    const key = await deriveChannelKey(seed, siteKey, 'posts');

    await expectCode(openV1(key, await sealV2(key, 'posts', message)), 'wrong_version');
  });
});

describe(`v2 envelopes on ${expectedBackend}`, () => {
  it('seals to {v: 2, c, p} and opens to the message with ts and id', async () => {
    const key = await deriveChannelKey(seed, siteKey, 'posts');
    const before = Date.now();
    const sealed = await sealV2(key, 'posts', message);
    const opened = await openV2(key, 'posts', sealed);

    expect(sealed.data).toMatchObject({ v: 2, c: 'posts' });
    expect(opened.event).toBe(message.event);
    expect(opened.data).toEqual(message.data);
    expect(opened.id).toMatch(/^[0-9a-f]{32}$/);
    expect(opened.ts).toBeGreaterThanOrEqual(before);
    expect(opened.ts).toBeLessThanOrEqual(Date.now());
  });

  it('keeps an id and ts given by the sealer, so a retried publish deduplicates', async () => {
    const key = await deriveChannelKey(seed, siteKey, 'posts');
    const id = '0123456789abcdef0123456789abcdef';
    const opened = await openV2(key, 'posts', await sealV2(key, 'posts', message, { id, ts: 5 }));

    expect(opened).toMatchObject({ id, ts: 5 });
  });

  it('gives every seal a different random id', async () => {
    const key = await deriveChannelKey(seed, siteKey, 'posts');
    const a = await openV2(key, 'posts', await sealV2(key, 'posts', message));
    const b = await openV2(key, 'posts', await sealV2(key, 'posts', message));

    expect(a.id).not.toBe(b.id);
  });

  it('treats the qualified and the bare spelling of a channel as one channel', async () => {
    const qualified = `site:${siteId}:posts`;
    const key = await deriveChannelKey(seed, siteKey, qualified);

    expect(key).toEqual(await deriveChannelKey(seed, siteKey, 'posts'));
    const sealed = await sealV2(key, qualified, message);
    expect(sealed.data.c).toBe('posts');
    expect((await openV2(key, 'posts', sealed)).data).toEqual(message.data);
  });

  it('derives a different key for every channel', async () => {
    const posts = await deriveChannelKey(seed, siteKey, 'posts');
    const comments = await deriveChannelKey(seed, siteKey, 'comments');

    expect(posts).not.toEqual(comments);
    expect(posts).not.toEqual(await deriveV1Key(seed, siteKey));
  });

  it('refuses a message moved to another channel as wrong_channel', async () => {
    const sealed = await sealV2(await deriveChannelKey(seed, siteKey, 'posts'), 'posts', message);
    const commentsKey = await deriveChannelKey(seed, siteKey, 'comments');

    await expectCode(openV2(commentsKey, 'comments', sealed), 'wrong_channel');
  });

  it('refuses a moved message whose channel hint was rewritten as tampered', async () => {
    const sealed = await sealV2(await deriveChannelKey(seed, siteKey, 'posts'), 'posts', message);
    const relabelled = { ...sealed, data: { ...sealed.data, c: 'comments' } };

    await expectCode(
      openV2(await deriveChannelKey(seed, siteKey, 'comments'), 'comments', relabelled),
      'tampered',
    );
  });

  it('refuses a message opened on its channel with the wrong key as tampered', async () => {
    const sealed = await sealV2(await deriveChannelKey(seed, siteKey, 'posts'), 'posts', message);

    await expectCode(
      openV2(await deriveChannelKey('rotated', siteKey, 'posts'), 'posts', sealed),
      'tampered',
    );
  });

  it('binds the channel as AAD even without the hint', async () => {
    const key = await deriveChannelKey(seed, siteKey, 'posts');
    const sealed = await sealV2(key, 'posts', message);
    const { c: _hint, ...withoutHint } = sealed.data;

    expect((await openV2(key, 'posts', { event: 'encrypted', data: withoutHint })).data).toEqual(
      message.data,
    );
    await expectCode(
      openV2(key, 'comments', { event: 'encrypted', data: withoutHint }),
      'tampered',
    );
  });

  it('refuses an id option that is not 32 lowercase hex characters', async () => {
    const key = await deriveChannelKey(seed, siteKey, 'posts');

    await expect(sealV2(key, 'posts', message, { id: 'ABC' })).rejects.toThrow(RangeError);
    await expect(sealV2(key, 'posts', message, { ts: -1 })).rejects.toThrow(RangeError);
  });
});

describe(`openMessage on ${expectedBackend}`, () => {
  it('opens either version with the keys it is given', async () => {
    const v1Key = await deriveV1Key(seed, siteKey);
    const channelKey = await deriveChannelKey(seed, siteKey, 'posts');
    const keys = { v1Key, channelKey, channel: 'posts' };

    expect(await openMessage(await sealV1(v1Key, message), keys)).toEqual({
      version: 1,
      ...message,
    });
    expect(await openMessage(await sealV2(channelKey, 'posts', message), keys)).toMatchObject({
      version: 2,
      ...message,
    });
  });

  it('says missing_key when it lacks the key for the version it got', async () => {
    const v1Key = await deriveV1Key(seed, siteKey);
    const channelKey = await deriveChannelKey(seed, siteKey, 'posts');

    await expectCode(
      openMessage(await sealV1(v1Key, message), { channelKey, channel: 'posts' }),
      'missing_key',
    );
    await expectCode(
      openMessage(await sealV2(channelKey, 'posts', message), { v1Key }),
      'missing_key',
    );
    await expectCode(
      openMessage(await sealV2(channelKey, 'posts', message), { channelKey }),
      'missing_key',
    );
  });

  it('says unknown_version for a version it does not know', async () => {
    const v1Key = await deriveV1Key(seed, siteKey);
    const sealed = await sealV1(v1Key, message);

    await expectCode(
      openMessage({ ...sealed, data: { ...sealed.data, v: 3 } }, { v1Key }),
      'unknown_version',
    );
  });

  it('recognises encrypted messages', async () => {
    const sealed = await sealV1(await deriveV1Key(seed, siteKey), message);

    expect(isEncryptedMessage(sealed)).toBe(true);
    expect(isEncryptedMessage(message)).toBe(false);
    expect(isEncryptedMessage({ event: 'encrypted', data: 'x' })).toBe(false);
    expect(isEncryptedMessage(null)).toBe(false);
  });
});
