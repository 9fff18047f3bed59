/**
 * How long a checkout may stay open, in minutes: one range for a request's `expiresInMinutes` and
 * for the service's default (`PAYMENT_DEFAULT_EXPIRY_MINUTES`).
 */
export const PAYMENT_EXPIRY_MINUTES = { min: 5, max: 1440, default: 30 } as const;
