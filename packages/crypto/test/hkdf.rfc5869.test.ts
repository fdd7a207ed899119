import { describe, expect, it } from 'vitest';
import { HKDF_SHA256_MAX_LENGTH, hkdfSha256 } from '../src/index.js';
import { expectedBackend } from './support/backend.js';
import { hex, range, toHexString } from './support/hex.js';

// RFC 5869 Appendix A, test cases 1 to 3 (the SHA-256 ones).
const cases = [
  {
    name: 'test case 1: basic',
    ikm: new Uint8Array(22).fill(0x0b),
    salt: range(0x00, 0x0c),
    info: range(0xf0, 0xf9),
    length: 42,
    okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
  },
  {
    name: 'test case 2: longer inputs and outputs',
    ikm: range(0x00, 0x4f),
    salt: range(0x60, 0xaf),
    info: range(0xb0, 0xff),
    length: 82,
    okm:
      'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c' +
      '59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71' +
      'cc30c58179ec3e87c14c01d5c1f3434f1d87',
  },
  {
    name: 'test case 3: zero-length salt and info',
    ikm: new Uint8Array(22).fill(0x0b),
    salt: new Uint8Array(0),
    info: new Uint8Array(0),
    length: 42,
    okm: '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
  },
];

describe(`HKDF-SHA256 on ${expectedBackend}`, () => {
  for (const vector of cases) {
    it(`matches RFC 5869 ${vector.name}`, async () => {
      const okm = await hkdfSha256(vector.ikm, vector.salt, vector.info, vector.length);

      expect(toHexString(okm)).toBe(vector.okm);
    });
  }

  it('takes strings as their UTF-8 bytes', async () => {
    const fromStrings = await hkdfSha256('sëed', 'salt', 'info', 32);
    const fromBytes = await hkdfSha256(hex('73c3ab6564'), hex('73616c74'), hex('696e666f'), 32);

    expect(fromStrings).toEqual(fromBytes);
  });

  it('produces the longest output RFC 5869 allows', async () => {
    const okm = await hkdfSha256('ikm', '', '', HKDF_SHA256_MAX_LENGTH);

    expect(okm.length).toBe(8160);
  });

  it('refuses lengths RFC 5869 does not allow with a RangeError', async () => {
    await expect(hkdfSha256('ikm', '', '', 0)).rejects.toThrow(RangeError);
    await expect(hkdfSha256('ikm', '', '', 8161)).rejects.toThrow(RangeError);
    await expect(hkdfSha256('ikm', '', '', 1.5)).rejects.toThrow(RangeError);
  });

  it('refuses an empty ikm as PHP hash_hkdf does', async () => {
    await expect(hkdfSha256('', 'salt', 'info', 32)).rejects.toThrow(RangeError);
  });
});
