import { unseal } from '../domain/secret-box.js';

export interface SealedSigningSecrets {
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
  pepper: string,
  at: Date,
): { secret: string; previousSecret: string | null } {
  const previousValid =
    endpoint.previousSecretSealed !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    at.getTime() < endpoint.previousSecretExpiresAt.getTime();
  return {
    secret: unseal(endpoint.secretSealed, pepper),
    previousSecret: previousValid ? unseal(endpoint.previousSecretSealed!, pepper) : null,
  };
}
