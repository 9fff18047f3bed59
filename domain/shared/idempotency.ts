/**
 * How long an Idempotency-Key answers with its first response (Stripe's 24 hours). After it the
 * key starts afresh, and its row is only storage: the sweeper prunes it.
 */
export const IDEMPOTENCY_REPLAY_SECONDS = 24 * 60 * 60;
