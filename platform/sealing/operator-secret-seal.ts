import { operatorTotpSecretContext } from './sealing-contexts.js';
import type { Keyring } from './secret-box.js';

/**
 * How operators' TOTP secrets are sealed at rest: with the service's keyring, bound to the operator
 * (a value copied onto another operator's row does not open there). platform/sealing/sealed-values.ts lists the
 * columns for keys:rotate.
 */
export function sealTotpSecret(keyring: Keyring, operatorId: number, secret: string): string {
  return keyring.seal(secret, operatorTotpSecretContext(operatorId));
}

export function openTotpSecret(keyring: Keyring, operatorId: number, sealed: string): string {
  return keyring.open(sealed, operatorTotpSecretContext(operatorId));
}
