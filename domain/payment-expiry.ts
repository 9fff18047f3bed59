/**
 * How long a checkout stays open, in minutes. One range for both a request's `expiresInMinutes`
 * and the service-wide default, so the default can never be a value a request could not ask for.
 */
export const PAYMENT_EXPIRY_MINUTES = { min: 5, max: 1440, default: 30 } as const;

export function isValidExpiryMinutes(minutes: number): boolean {
  return (
    Number.isInteger(minutes) &&
    minutes >= PAYMENT_EXPIRY_MINUTES.min &&
    minutes <= PAYMENT_EXPIRY_MINUTES.max
  );
}
