import type { Mode } from '../../domain/shared/mode.js';
import type { Keyring } from '../../platform/sealing/secret-box.js';
import { endpointSecretContextOf } from '../../platform/sealing/sealing-contexts.js';

export interface SealedSigningSecrets {
  appId: number;
  mode: Mode;
  /** The endpoint's `we_…` id, which its secrets' sealing context names. */
  publicId: string;
  /** False for a row sealed before endpoints had their own context (see `upgradeEndpointSealing`). */
  sealedPerEndpoint: boolean;
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * The secrets a delivery is signed with at `at`: the current one, and the one it replaced while
 * that rotation's grace window lasts.
 */
export function signingSecrets(
  endpoint: SealedSigningSecrets,
  keyring: Keyring,
  at: Date,
): { secret: string; previousSecret: string | null } {
  const previousValid =
    endpoint.previousSecretSealed !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    at.getTime() < endpoint.previousSecretExpiresAt.getTime();
  const context = endpointSecretContextOf(endpoint);
  return {
    secret: keyring.open(endpoint.secretSealed, context),
    previousSecret: previousValid ? keyring.open(endpoint.previousSecretSealed!, context) : null,
  };
}
