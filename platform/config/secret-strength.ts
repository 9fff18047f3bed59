/**
 * Whether a secret setting (CREDENTIAL_PEPPER, sealing keys) is strong enough to protect real
 * money. Pure: no I/O, so any setting's check can call it.
 *
 * The estimate is the string's own Shannon entropy: its length times the entropy per character of
 * the characters it actually uses, counted on its shortest repeating unit (so "abcd" × 8 is worth
 * one "abcd"). A random secret scores close to its true strength (`openssl rand -base64 32`: about
 * 215 bits; 64 hex characters: about 245); 32 × "a" scores 0, a short alphabet or a repeated
 * pattern scores little. It cannot see that a sentence is guessable, so the values this project
 * has ever published are refused by name as well.
 */

export const MIN_SECRET_BITS = 128;

/** Secrets anyone can read in this project's history; never a deployment's. */
export const PUBLISHED_SECRETS: ReadonlySet<string> = new Set(['local-development-pepper-change-me']);

/** How to make a secret that passes, for the messages. */
export const SECRET_HINT = 'generate one with `openssl rand -base64 32`';

/** The shortest unit the whole string repeats (the string itself when it does not repeat). */
function repeatingUnit(value: string): string {
  for (let size = 1; size <= value.length / 2; size += 1) {
    if (value.length % size !== 0) continue;
    const unit = value.slice(0, size);
    if (unit.repeat(value.length / size) === value) return unit;
  }
  return value;
}

/** Estimated bits of entropy of a secret as written (see the module comment). */
export function estimateSecretBits(value: string): number {
  const unit = [...repeatingUnit(value)];
  if (!unit.length) return 0;
  const counts = new Map<string, number>();
  for (const char of unit) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / unit.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * unit.length;
}

/**
 * Why a secret may not be used, or null when it may: unset, published, or under
 * MIN_SECRET_BITS. The reason is written to follow the setting's name ("CREDENTIAL_PEPPER: …").
 */
export function secretWeakness(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return `is not set; ${SECRET_HINT}`;
  if (PUBLISHED_SECRETS.has(value)) return `is a published development value, not a secret; ${SECRET_HINT}`;
  const bits = Math.floor(estimateSecretBits(value));
  if (bits < MIN_SECRET_BITS) {
    return `is too weak (about ${bits} bits of entropy, at least ${MIN_SECRET_BITS} needed); ${SECRET_HINT}`;
  }
  return null;
}
