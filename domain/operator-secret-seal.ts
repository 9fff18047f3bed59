import { seal, unseal } from './secret-box.js';

/**
 * How operators' TOTP secrets are sealed at rest: the one place that names the sealing scheme, so a
 * change of scheme (key ids, associated data) is made here alone.
 */
export function sealTotpSecret(secret: string, pepper: string): string {
  return seal(secret, pepper);
}

export function openTotpSecret(sealed: string, pepper: string): string {
  return unseal(sealed, pepper);
}
