import type { KeyObject } from 'node:crypto';
import { SealError, loadPrivateKey, loadPublicKey, seal, unseal } from './crypto.js';
import { sealedSchema, type Sealed } from './protocol.js';

/**
 * The merchant's side of Nagad's sealing, shared by the checkout and the disbursement clients:
 * a request's sensitive part encrypted to Nagad's public key and signed with the merchant's key,
 * and an answer's unsealed and its signature proven before a word of it is believed.
 */
export interface MerchantSeal {
  /** The plaintext as JSON, sealed to Nagad: the request's sensitiveData and signature. */
  seal(plaintext: object): Sealed;
  /** An answer's sensitiveData, decrypted and proven to come from Nagad, as JSON. */
  unsealAnswer(raw: unknown, what: string): unknown;
}

/**
 * `protocolError` makes the client's own error (a gateway's or a rail's) for an answer that is not
 * what Nagad documents or fails its check.
 */
export function merchantSeal(
  keys: { merchantPrivateKeyPem: string; nagadPublicKeyPem: string },
  protocolError: (message: string) => Error,
): MerchantSeal {
  const merchantKey: KeyObject = loadPrivateKey(keys.merchantPrivateKeyPem);
  const nagadKey: KeyObject = loadPublicKey(keys.nagadPublicKeyPem);
  return {
    seal: (plaintext) => seal(JSON.stringify(plaintext), { encryptTo: nagadKey, signWith: merchantKey }),
    unsealAnswer(raw, what) {
      const sealed = sealedSchema.safeParse(raw);
      if (!sealed.success) throw protocolError(`Nagad ${what} answer is not what the API documents`);
      let plaintext: string;
      try {
        plaintext = unseal(sealed.data, { decryptWith: merchantKey, verifyWith: nagadKey });
      } catch (error) {
        if (error instanceof SealError)
          throw protocolError(`Nagad ${what} answer failed its check: ${error.message}`);
        throw error;
      }
      try {
        return JSON.parse(plaintext);
      } catch {
        throw protocolError(`Nagad ${what} answer does not decrypt to JSON`);
      }
    },
  };
}
