import {
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  sign,
  verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Sealed } from './protocol.js';

/**
 * Nagad's message protection: `sensitiveData` is the JSON plaintext RSA-encrypted to the
 * recipient's public key with PKCS#1 v1.5 padding, and `signature` is SHA256withRSA over the same
 * plaintext with the sender's private key, both base64. Requests go merchant -> Nagad, answers
 * Nagad -> merchant, with the same construction.
 *
 * Node 20 (OpenSSL 3.0) refuses `privateDecrypt` with RSA_PKCS1_PADDING since the February 2024
 * security releases (CVE-2023-46809, the Marvin timing attack), unless the process runs with
 * `--security-revert`. Nagad fixes the padding, so we decrypt the raw RSA block (RSA_NO_PADDING)
 * and remove the padding here with implicit rejection, as OpenSSL 3.2 does: a block whose padding
 * is wrong yields a pseudo-random message derived from the key and the ciphertext instead of an
 * error. Either way the signature check runs next and fails the same way, so a sender learns
 * nothing about the padding. JavaScript gives no hard constant-time guarantee; the uniform failure
 * path is what protects us.
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

/** Per-key secret for implicit rejection, derived from the private key so nobody else can predict it. */
const rejectionSecrets = new WeakMap<KeyObject, Buffer>();

function rejectionSecret(key: KeyObject): Buffer {
  let secret = rejectionSecrets.get(key);
  if (!secret) {
    secret = createHash('sha256')
      .update('nagad-implicit-rejection')
      .update(key.export({ format: 'der', type: 'pkcs8' }))
      .digest();
    rejectionSecrets.set(key, secret);
  }
  return secret;
}

/** A pseudo-random message of pseudo-random length, the same for the same key and ciphertext. */
function syntheticMessage(secret: Buffer, ciphertext: Buffer, maxLength: number): Buffer {
  const stream: Buffer[] = [];
  let produced = 0;
  for (let counter = 0; produced < maxLength + 2; counter += 1) {
    const block = createHmac('sha256', secret).update(ciphertext).update(String(counter)).digest();
    stream.push(block);
    produced += block.length;
  }
  const bytes = Buffer.concat(stream);
  const length = bytes.readUInt16BE(0) % (maxLength + 1);
  return bytes.subarray(2, 2 + length);
}

/**
 * Removes PKCS#1 v1.5 encryption padding from a raw RSA block without branching on the padding:
 * the scan visits every byte whatever it finds, and a bad block yields the synthetic message.
 */
function unpad(block: Buffer, synthetic: Buffer): Buffer {
  let valid = ((block[0]! ^ 0x00) | (block[1]! ^ 0x02)) === 0 ? 1 : 0;
  let separator = 0;
  let found = 0;
  for (let index = 2; index < block.length; index += 1) {
    const isZero = block[index] === 0 ? 1 : 0;
    const first = isZero & (found ^ 1);
    separator = first ? index : separator;
    found |= isZero;
  }
  valid &= found & (separator >= 2 + 8 ? 1 : 0);
  return valid ? block.subarray(separator + 1) : synthetic;
}

function decrypt(ciphertext: Buffer, key: KeyObject): Buffer {
  const size = modulusBytes(key);
  // The length of a ciphertext is public; only the padding check must not leak.
  if (ciphertext.length !== size) throw new SealError('sensitiveData is not one RSA block');
  const synthetic = syntheticMessage(rejectionSecret(key), ciphertext, size - MIN_PADDING);
  let block: Buffer;
  try {
    block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    // OpenSSL refuses a ciphertext not below the modulus: a malformed block, not a padding question.
    throw new SealError('sensitiveData is not a valid RSA ciphertext');
  }
  return unpad(block, synthetic);
}

function base64(value: string, field: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.replace(/\s+/g, '')))
    throw new SealError(`${field} is not base64`);
  return Buffer.from(value, 'base64');
}

/**
 * The plaintext of a sealed message, once its signature is proven; SealError otherwise. Bad padding
 * and a bad signature fail with the same error.
 */
export function unseal(sealed: Sealed, keys: UnsealKeys): string {
  const message = decrypt(base64(sealed.sensitiveData, 'sensitiveData'), keys.decryptWith);
  const signature = base64(sealed.signature, 'signature');
  if (!verify('sha256', message, keys.verifyWith, signature)) {
    throw new SealError('signature does not match sensitiveData');
  }
  return message.toString('utf8');
}
