import { describe, expect, it } from 'vitest';
import { defaultBackend } from '../src/index.js';
import { expectedBackend } from './support/backend.js';
import { expectCode } from './support/expect-code.js';
import { hex, toHexString } from './support/hex.js';

const specKey = 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308';
const specPlaintext =
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
  '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255';
const specCiphertext =
  '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
  '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad';

// McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13 to 16 (AES-256), and
// NIST CAVP gcmEncryptExtIV256.rsp, [PTlen = 0, AADlen = 0], Count = 0.
const vectors = [
  {
    name: 'GCM spec test case 13 (empty plaintext, zero key)',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    aad: '',
    plaintext: '',
    ciphertext: '',
    tag: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    name: 'GCM spec test case 14 (one zero block)',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    aad: '',
    plaintext: '00'.repeat(16),
    ciphertext: 'cea7403d4d606b6e074ec5d3baf39d18',
    tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    name: 'GCM spec test case 15 (four blocks, no AAD)',
    key: specKey,
    iv: 'cafebabefacedbaddecaf888',
    aad: '',
    plaintext: specPlaintext,
    ciphertext: specCiphertext,
    tag: 'b094dac5d93471bdec1a502270e3cc6c',
  },
  {
    name: 'GCM spec test case 16 (partial block, with AAD)',
    key: specKey,
    iv: 'cafebabefacedbaddecaf888',
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    plaintext: specPlaintext.slice(0, 120),
    ciphertext: specCiphertext.slice(0, 120),
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
  {
    name: 'NIST CAVP gcmEncryptExtIV256 count 0',
    key: 'b52c505a37d78eda5dd34f20c22540ea1b58963cf8e5bf8ffa85f9f2492505b4',
    iv: '516c33929df5a3284ff463d7',
    aad: '',
    plaintext: '',
    ciphertext: '',
    tag: 'bdc1ac884d332457a1d2664f168c76f0',
  },
];

describe(`AES-256-GCM on ${expectedBackend}`, () => {
  for (const v of vectors) {
    it(`encrypts ${v.name}`, async () => {
      const backend = await defaultBackend();
      const sealed = await backend.aesGcmEncrypt(
        hex(v.key),
        hex(v.iv),
        hex(v.plaintext),
        hex(v.aad),
      );

      expect(toHexString(sealed)).toBe(v.ciphertext + v.tag);
    });

    it(`decrypts ${v.name}`, async () => {
      const backend = await defaultBackend();
      const opened = await backend.aesGcmDecrypt(
        hex(v.key),
        hex(v.iv),
        hex(v.ciphertext + v.tag),
        hex(v.aad),
      );

      expect(toHexString(opened)).toBe(v.plaintext);
    });
  }

  it('refuses a vector whose tag has one bit flipped, as tampered', async () => {
    const backend = await defaultBackend();
    const v = vectors[3] as (typeof vectors)[number];
    const sealed = hex(v.ciphertext + v.tag);
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] as number) ^ 1;

    await expectCode(backend.aesGcmDecrypt(hex(v.key), hex(v.iv), sealed, hex(v.aad)), 'tampered');
  });

  it('refuses a vector opened with different AAD, as tampered', async () => {
    const backend = await defaultBackend();
    const v = vectors[3] as (typeof vectors)[number];

    await expectCode(
      backend.aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext + v.tag), hex('00')),
      'tampered',
    );
  });
});
