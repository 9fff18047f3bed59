import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals the secrets the service must read back (webhook signing secrets, an app's own gateway
 * credentials) with AES-256-GCM, so a database dump alone reveals none of them.
 *
 * Use: build one `Keyring` per process (platform/sealing/sealing.ts) and call
 * `keyring.seal(plaintext, context)` / `keyring.open(sealed, context)`, where `context` names the
 * row and field the value belongs to (platform/sealing/sealing-contexts.ts builds them). A sealed value opens
 * only under the context it was sealed with: a value copied onto another app's row, or from TEST
 * to LIVE, is refused (SealedValueError).
 *
 * The stored form is one string: `v2.<keyId>.<nonce>.<ciphertext and tag>` (base64url parts). The
 * first key of the keyring seals; every key in it opens, so a new key is added first, deployed,
 * and `keys:rotate` re-seals the rest before the old one is removed. Values of the first form
 * (`v1.…`, one key derived from CREDENTIAL_PEPPER, bound to nothing) still open through the
 * keyring's legacy pepper until `keys:rotate` has re-sealed them.
 */

export interface SealingKey {
  /** Short name stored with each value it seals (letters, digits, `_`, `-`). */
  id: string;
  /** 32 random bytes. */
  key: Buffer;
}

export interface Keyring {
  /** The id of the key new values are sealed with. */
  readonly primaryKeyId: string;
  /** Seals `plaintext` under the primary key, bound to `context`. */
  seal(plaintext: string, context: string): string;
  /** The plaintext of a value sealed under `context`; SealedValueError otherwise. */
  open(sealed: string, context: string): string;
  /** The key id a value is sealed under: `legacy` for the first form, null when not a sealed value. */
  keyIdOf(sealed: string): string | null;
  /** Whether a value is sealed under anything but the primary key (keys:rotate re-seals it). */
  needsResealing(sealed: string): boolean;
  /** Whether values sealed under `keyId` open here (`legacy`: with CREDENTIAL_PEPPER). */
  holds(keyId: string): boolean;
}

/** What `keyIdOf` answers for values of the first form, sealed with CREDENTIAL_PEPPER. */
export const LEGACY_KEY_ID = 'legacy';

export type SealedValueProblem = 'MALFORMED' | 'UNKNOWN_KEY' | 'NOT_AUTHENTIC';

/** A value that cannot be opened: unknown form, a key this process does not hold, or a wrong context. */
export class SealedValueError extends Error {
  constructor(
    readonly problem: SealedValueProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SealedValueError';
  }
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;
/** 32 random bytes show about 30 distinct values; a key with fewer than this was not drawn at random. */
const MIN_DISTINCT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Why one `<keyId>:<base64 key>` entry is unusable, or null. */
function keyEntryProblem(id: string, encoded: string): string | null {
  if (!KEY_ID.test(id)) return `key id "${id}" must be 1–32 letters, digits, "_" or "-"`;
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== KEY_BYTES || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
    return `key "${id}" must be base64 of exactly ${KEY_BYTES} bytes (e.g. openssl rand -base64 32)`;
  }
  if (new Set(key).size < MIN_DISTINCT_BYTES) {
    return `key "${id}" is not random enough; generate one with openssl rand -base64 32`;
  }
  return null;
}

/**
 * Parses `SEALING_KEYS`: comma-separated `<keyId>:<base64 of 32 bytes>` entries, the first one
 * sealing. Either the keys, or every problem found (none of which quotes a key).
 */
export function parseSealingKeys(
  text: string,
): { ok: true; keys: SealingKey[] } | { ok: false; problems: string[] } {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (!entries.length) return { ok: false, problems: ['no key given; expected <keyId>:<base64 32 bytes>'] };
  const problems: string[] = [];
  const keys: SealingKey[] = [];
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push('each entry is <keyId>:<base64 32 bytes>');
      continue;
    }
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    const problem = keyEntryProblem(id, encoded);
    if (problem) problems.push(problem);
    else if (keys.some((k) => k.id === id)) problems.push(`key id "${id}" appears twice`);
    else if (keys.some((k) => k.key.equals(Buffer.from(encoded, 'base64')))) {
      problems.push(`key "${id}" repeats another entry's key`);
    } else keys.push({ id, key: Buffer.from(encoded, 'base64') });
  }
  return problems.length ? { ok: false, problems } : { ok: true, keys };
}

/** The keys of a `SEALING_KEYS` text known to be valid (one this process generated). */
export function parsedSealingKeys(text: string): SealingKey[] {
  const parsed = parseSealingKeys(text);
  if (!parsed.ok) throw new Error(`invalid sealing keys: ${parsed.problems.join('; ')}`);
  return parsed.keys;
}

/** A fresh `SEALING_KEYS` entry. */
export function newSealingKeyEntry(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/** The key of the first form, derived from CREDENTIAL_PEPPER: never to be a SEALING_KEYS entry. */
export function legacySealingKey(pepper: string): Buffer {
  return Buffer.from(hkdfSync('sha256', pepper, 'oi-payments', 'webhook-secret-seal', 32));
}

/** The key id is authenticated too: a value relabelled with another id does not open. */
const additionalData = (keyId: string, context: string) => Buffer.from(`oi-payments|v2|${keyId}|${context}`);

const b64 = (bytes: Buffer) => bytes.toString('base64url');

/**
 * A keyring over `keys` (the first seals). `legacyPepper` opens values of the first form (several:
 * during a pepper rotation, the current pepper and the ones it replaced, each tried in turn, as a
 * value opens only under the pepper it was sealed with); without it they are refused.
 */
export function createKeyring(
  keys: readonly SealingKey[],
  legacyPepper?: string | readonly string[],
): Keyring {
  const legacyPeppers =
    legacyPepper === undefined ? [] : typeof legacyPepper === 'string' ? [legacyPepper] : [...legacyPepper];
  const primary = keys[0];
  if (!primary) throw new Error('a keyring needs at least one key');
  const byId = new Map(keys.map((k) => [k.id, k.key]));

  const openLegacy = (parts: string[]): string => {
    const [, iv, tag, body] = parts;
    if (!legacyPeppers.length) {
      throw new SealedValueError(
        'UNKNOWN_KEY',
        'sealed with the legacy key, which this process does not hold',
      );
    }
    for (const pepper of legacyPeppers) {
      try {
        const decipher = createDecipheriv(
          'aes-256-gcm',
          legacySealingKey(pepper),
          Buffer.from(iv!, 'base64url'),
        );
        decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        // Sealed under another pepper's key, or altered: the next pepper, if any.
      }
    }
    throw new SealedValueError('NOT_AUTHENTIC', 'does not open with the legacy key');
  };

  const keyIdOf = (sealed: string): string | null => {
    const parts = sealed.split('.');
    if (parts[0] === 'v1' && parts.length === 4) return LEGACY_KEY_ID;
    if (parts[0] === 'v2' && parts.length === 4) return parts[1] ?? null;
    return null;
  };

  return {
    primaryKeyId: primary.id,
    keyIdOf,
    needsResealing: (sealed) => keyIdOf(sealed) !== primary.id,
    holds: (keyId) => byId.has(keyId) || (keyId === LEGACY_KEY_ID && legacyPeppers.length > 0),
    seal(plaintext, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', primary.key, nonce);
      cipher.setAAD(additionalData(primary.id, context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return ['v2', primary.id, b64(nonce), b64(body)].join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts.some((part) => part === '')) {
        throw new SealedValueError('MALFORMED', 'not a sealed value');
      }
      if (parts[0] === 'v1') return openLegacy(parts);
      if (parts[0] !== 'v2') throw new SealedValueError('MALFORMED', `unknown sealed form ${parts[0]}`);
      const [, keyId, nonce, body] = parts as [string, string, string, string];
      const key = byId.get(keyId);
      if (!key) {
        throw new SealedValueError(
          'UNKNOWN_KEY',
          `sealed with key "${keyId}", which SEALING_KEYS does not hold`,
        );
      }
      const bytes = Buffer.from(body, 'base64url');
      if (bytes.length < TAG_BYTES) throw new SealedValueError('MALFORMED', 'sealed value too short');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
        decipher.setAAD(additionalData(keyId, context));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SealedValueError(
          'NOT_AUTHENTIC',
          'does not open here: altered, or sealed for another row (app, mode or field)',
        );
      }
    },
  };
}

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
