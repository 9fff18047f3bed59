import {
  constants,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { SealError, loadPrivateKey, loadPublicKey, seal, unseal } from '../../../gateways/nagad/crypto.js';

function keyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

// Generated once: RSA key generation is slow.
const merchant = keyPair();
const nagad = keyPair();
const stranger = keyPair();

const toNagad = { encryptTo: nagad.publicKey, signWith: merchant.privateKey };
const atNagad = { decryptWith: nagad.privateKey, verifyWith: merchant.publicKey };

const PLAINTEXT = JSON.stringify({
  merchantId: '683002007104225',
  datetime: '20260412132448',
  orderId: 'pay0123456789abcdefghjk',
  challenge: 'a'.repeat(40),
});

/** What unseal says for bad padding, a wrong key and a bad signature alike. */
const UNSEAL_FAILED = 'sensitiveData does not decrypt, or its signature does not match';

function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index % bytes.length]! ^= 0x01;
  return bytes.toString('base64');
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SealError);
    return (error as Error).message;
  }
  throw new Error('expected a SealError');
}

describe('Nagad sealing', () => {
  it('round-trips any plaintext one RSA block holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        expect(unseal(seal(text, toNagad), atNagad)).toBe(text);
      }),
      { numRuns: 50 },
    );
  });

  it('produces standard PKCS#1 v1.5 ciphertext and a SHA256withRSA signature', () => {
    const sealed = seal(PLAINTEXT, toNagad);
    const block = privateDecrypt(
      { key: nagad.privateKey, padding: constants.RSA_NO_PADDING },
      Buffer.from(sealed.sensitiveData, 'base64'),
    );
    expect(block.subarray(0, 2)).toEqual(Buffer.from([0x00, 0x02]));
    expect(block.subarray(block.length - PLAINTEXT.length).toString()).toBe(PLAINTEXT);
    expect(Buffer.from(sealed.signature, 'base64')).toHaveLength(256);
  });

  it('refuses a tampered signature', () => {
    const sealed = seal(PLAINTEXT, toNagad);
    fc.assert(
      fc.property(fc.nat(255), (index) => {
        refusal(() => unseal({ ...sealed, signature: flipByte(sealed.signature, index) }, atNagad));
      }),
      { numRuns: 20 },
    );
  });

  it('refuses tampered ciphertext with the same error as a bad signature', () => {
    const sealed = seal(PLAINTEXT, toNagad);
    const badSignature = refusal(() =>
      unseal({ ...sealed, signature: seal('other', toNagad).signature }, atNagad),
    );
    fc.assert(
      fc.property(fc.nat(255), (index) => {
        const message = refusal(() =>
          unseal({ ...sealed, sensitiveData: flipByte(sealed.sensitiveData, index) }, atNagad),
        );
        // Whether the flip broke the padding, pushed the ciphertext above the modulus or left a
        // wrong message for the signature check, the refusal reads the same.
        expect(message).toBe(badSignature);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses a block with broken padding with the same error as a bad signature', () => {
    const block = randomBytes(256);
    block[0] = 0x00;
    block[1] = 0x01; // a signature block, not an encryption block
    const ciphertext = publicEncrypt({ key: nagad.publicKey, padding: constants.RSA_NO_PADDING }, block);
    const sealed = {
      sensitiveData: ciphertext.toString('base64'),
      signature: seal(PLAINTEXT, toNagad).signature,
    };
    expect(refusal(() => unseal(sealed, atNagad))).toBe(UNSEAL_FAILED);
  });

  it('refuses a message signed by anyone but the expected sender', () => {
    const forged = seal(PLAINTEXT, { encryptTo: nagad.publicKey, signWith: stranger.privateKey });
    expect(refusal(() => unseal(forged, atNagad))).toBe(UNSEAL_FAILED);
  });

  it('refuses a message encrypted to another key', () => {
    const misaddressed = seal(PLAINTEXT, { encryptTo: stranger.publicKey, signWith: merchant.privateKey });
    expect(refusal(() => unseal(misaddressed, atNagad))).toBe(UNSEAL_FAILED);
  });

  it('decrypts what node:crypto encrypts with PKCS#1 v1.5 padding, and refuses it tampered', () => {
    const message = Buffer.from(PLAINTEXT, 'utf8');
    const ciphertext = publicEncrypt({ key: nagad.publicKey, padding: constants.RSA_PKCS1_PADDING }, message);
    const sealed = {
      sensitiveData: ciphertext.toString('base64'),
      signature: sign('sha256', message, merchant.privateKey).toString('base64'),
    };
    expect(unseal(sealed, atNagad)).toBe(PLAINTEXT);
    // The last byte: flipping it keeps the ciphertext below the modulus, so decryption proper runs.
    const tampered = { ...sealed, sensitiveData: flipByte(sealed.sensitiveData, 255) };
    expect(refusal(() => unseal(tampered, atNagad))).toBe(UNSEAL_FAILED);
  });

  it('refuses a ciphertext at or above the modulus like any other', () => {
    const sealed = seal(PLAINTEXT, toNagad);
    const tooBig = Buffer.alloc(256, 0xff).toString('base64');
    expect(refusal(() => unseal({ ...sealed, sensitiveData: tooBig }, atNagad))).toBe(UNSEAL_FAILED);
  });

  it('refuses to decrypt with a key that is not an RSA private key', () => {
    const sealed = seal(PLAINTEXT, toNagad);
    expect(
      refusal(() => unseal(sealed, { decryptWith: nagad.publicKey, verifyWith: merchant.publicKey })),
    ).toMatch(/not an RSA private key/);
  });

  it('refuses what is not base64 or not one RSA block', () => {
    const sealed = seal(PLAINTEXT, toNagad);
    expect(refusal(() => unseal({ ...sealed, sensitiveData: 'not base64!' }, atNagad))).toMatch(/base64/);
    expect(refusal(() => unseal({ ...sealed, sensitiveData: 'AAAA' }, atNagad))).toMatch(/one RSA block/);
  });

  it('refuses a plaintext larger than one RSA block', () => {
    expect(refusal(() => seal('x'.repeat(246), toNagad))).toMatch(/exceeds the 245 bytes/);
  });

  it('loads PEM keys and the bare base64 bodies the merchant portal hands out', () => {
    const publicPem = merchant.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const privatePem = merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const bare = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    for (const [publicKey, privateKey] of [
      [loadPublicKey(publicPem), loadPrivateKey(privatePem)],
      [loadPublicKey(bare(publicPem)), loadPrivateKey(bare(privatePem))],
    ] as const) {
      const sealed = seal(PLAINTEXT, { encryptTo: publicKey, signWith: nagad.privateKey });
      expect(unseal(sealed, { decryptWith: privateKey, verifyWith: nagad.publicKey })).toBe(PLAINTEXT);
    }
    const pkcs1 = merchant.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(loadPrivateKey(pkcs1).asymmetricKeyType).toBe('rsa');
  });

  it('refuses keys that are not RSA', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    expect(() => loadPublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow(
      SealError,
    );
  });
});
