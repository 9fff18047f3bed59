import { generate, generateSecret, generateURI, verify } from 'otplib';

/**
 * Operators' second factor: RFC 6238 time-based codes (30-second steps, 6 digits, SHA-1), what
 * every authenticator app reads from a QR code. A code is taken once: the caller keeps the last
 * step accepted and passes it back, so a code seen over a shoulder or in a proxy log cannot be
 * replayed. One step of clock drift either way is allowed.
 */
export const TOTP_PERIOD_SECONDS = 30;
const ISSUER = 'OI Payments';

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// address an authenticator app reads from the enrolment QR code. */
export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret });
}

/** Only digits, spaces and dashes an app may show between groups; anything else is not a code. */
export function normaliseCode(entered: string): string {
  return entered.replace(/[\s-]/g, '');
}

/**
 * Checks a code at `now`. Answers the time step it matched, or null: wrong, malformed, or of a
 * step at or before `afterStep` (already used).
 */
export async function checkTotp(
  secret: string,
  entered: string,
  options: { now: Date; afterStep: number | null },
): Promise<{ step: number } | null> {
  const token = normaliseCode(entered);
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    strategy: 'totp',
    secret,
    token,
    epoch: Math.floor(options.now.getTime() / 1000),
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(options.afterStep !== null && { afterTimeStep: options.afterStep }),
  });
  return result.valid && 'timeStep' in result ? { step: result.timeStep } : null;
}

/** The code an authenticator shows at `now` (the tests' stand-in for the operator's phone). */
export function totpCodeAt(secret: string, now: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
