import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type forge from 'node-forge';
import type { Sealed } from './protocol.js';

/**
 * Nagad's message protection: `sensitiveData` is the JSON plaintext RSA-encrypted to the
 * recipient's public key with PKCS#1 v1.5 padding, and `signature` is SHA256withRSA over the same
 * plaintext with the sender's private key, both base64. Requests go merchant -> Nagad, answers
 * Nagad -> merchant, with the same construction.
 *
 * Encryption and signatures use node:crypto, and so does PKCS#1 v1.5 *decryption* where the
 * runtime allows it (Node 22 and later, whose OpenSSL answers bad padding with implicit rejection).
 * Node 20 refuses `privateDecrypt` with RSA_PKCS1_PADDING since the February 2024 security releases
 * (CVE-2023-46809, the Marvin timing attack) unless run with `--security-revert`; there decryption
 * goes through node-forge, as removing the padding by hand is not something we maintain ourselves.
 */

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

export interface SealKeys {
  /** The recipient's public key. */
  encryptTo: KeyObject;
  /** The sender's private key. */
  signWith: KeyObject;
}

export interface UnsealKeys {
  /** The recipient's (our) private key. */
  decryptWith: KeyObject;
  /** The sender's public key. */
  verifyWith: KeyObject;
}

/** PKCS#1 v1.5 encryption block: 0x00 0x02, at least 8 non-zero padding bytes, 0x00, message. */
const MIN_PADDING = 11;

function armoured(pem: string, label: string): string {
  const body = pem.replace(/\s+/g, '');
  return `-----BEGIN ${label}-----\n${body.replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;
}

function requireRsa(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') throw new SealError(`${what} is not an RSA key`);
  return key;
}

/** A PEM public key, or the bare base64 body Nagad's merchant portal hands out. */
export function loadPublicKey(pem: string): KeyObject {
  const text = pem.includes('-----BEGIN') ? pem : armoured(pem, 'PUBLIC KEY');
  return requireRsa(createPublicKey(text), 'public key');
}

/** A PEM private key (PKCS#1 or PKCS#8), or a bare base64 PKCS#8 body. */
export function loadPrivateKey(pem: string): KeyObject {
  const text = pem.includes('-----BEGIN') ? pem : armoured(pem, 'PRIVATE KEY');
  return requireRsa(createPrivateKey(text), 'private key');
}

function modulusBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new SealError('RSA key has no modulus length');
  return Math.ceil(bits / 8);
}

export function seal(plaintext: string, keys: SealKeys): Sealed {
  const message = Buffer.from(plaintext, 'utf8');
  const capacity = modulusBytes(keys.encryptTo) - MIN_PADDING;
  if (message.length > capacity) {
    throw new SealError(
      `plaintext of ${message.length} bytes exceeds the ${capacity} bytes one RSA block holds`,
    );
  }
  return {
    sensitiveData: publicEncrypt(
      { key: keys.encryptTo, padding: constants.RSA_PKCS1_PADDING },
      message,
    ).toString('base64'),
    signature: sign('sha256', message, keys.signWith).toString('base64'),
  };
}

/** Whether node:crypto decrypts PKCS#1 v1.5 here; learnt from the first refusal. */
let nativeDecryption = true;

/** forge's copy of each private key we decrypt with, converted once. */
const forgeKeys = new WeakMap<KeyObject, forge.pki.rsa.PrivateKey>();

function forgePrivateKey(key: KeyObject): forge.pki.rsa.PrivateKey {
  let converted = forgeKeys.get(key);
  if (!converted) {
    if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') {
      throw new SealError('decryption key is not an RSA private key');
    }
    // node-forge loads with the first key converted: only where this runtime refuses the padding.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    converted = (require('node-forge') as typeof forge).pki.privateKeyFromPem(
      key.export({ format: 'pem', type: 'pkcs1' }).toString(),
    );
    forgeKeys.set(key, converted);
  }
  return converted;
}

/**
 * The one error for every failure past the public format checks: a ciphertext not below the
 * modulus, bad padding, a wrong key and a bad signature all read the same.
 */
const UNSEAL_FAILED = 'sensitiveData does not decrypt, or its signature does not match';

/**
 * PKCS#1 v1.5 decryption through node-forge. forge refuses bad padding with an exception, early and
 * not in constant time (no implicit rejection): the raw material of a Bleichenbacher / Marvin
 * padding oracle. So every failure here becomes the same SealError, which `unseal` also throws for
 * a bad signature. The remaining timing difference is acceptable because of who can hand us a
 * ciphertext: client.ts decrypts only the answers to its own requests to the configured Nagad base
 * URL (HTTPS in production, though nothing in the client enforces the scheme), never replies to an
 * answer, and the refusal goes to our callers and logs, not back to Nagad. The signature does not
 * guard the decryption: it covers the plaintext, so `unseal` checks it after decrypting, and a
 * forged ciphertext still reaches forge's padding check; it only makes every refusal look alike.
 * The simulator does send the message back to whoever sealed the request, but holds test keys.
 */
function decrypt(ciphertext: Buffer, key: KeyObject): Buffer {
  // The length of a ciphertext is public: refusing a wrong one reveals nothing about the key.
  if (ciphertext.length !== modulusBytes(key)) throw new SealError('sensitiveData is not one RSA block');
  if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') {
    throw new SealError('decryption key is not an RSA private key');
  }
  if (nativeDecryption) {
    try {
      // Bad padding yields random bytes here (implicit rejection); the signature check refuses them.
      return privateDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, ciphertext);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_INVALID_ARG_VALUE') throw new SealError(UNSEAL_FAILED);
      // This runtime refuses PKCS#1 v1.5 decryption (Node 20): forge from now on.
      nativeDecryption = false;
    }
  }
  const privateKey = forgePrivateKey(key);
  let plaintext: string;
  try {
    plaintext = privateKey.decrypt(ciphertext.toString('binary'), 'RSAES-PKCS1-V1_5');
  } catch {
    throw new SealError(UNSEAL_FAILED);
  }
  return Buffer.from(plaintext, 'binary');
}

function base64(value: string, field: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.replace(/\s+/g, '')))
    throw new SealError(`${field} is not base64`);
  return Buffer.from(value, 'base64');
}

/**
 * The plaintext of a sealed message, once its signature is proven; SealError otherwise. Bad padding,
 * a wrong key and a bad signature fail with the same error.
 */
export function unseal(sealed: Sealed, keys: UnsealKeys): string {
  const message = decrypt(base64(sealed.sensitiveData, 'sensitiveData'), keys.decryptWith);
  const signature = base64(sealed.signature, 'signature');
  if (!verify('sha256', message, keys.verifyWith, signature)) {
    throw new SealError(UNSEAL_FAILED);
  }
  return message.toString('utf8');
}
