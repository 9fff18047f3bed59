import { z } from 'zod';

/** 1,000,000.00 BDT: the deployment's LIVE payouts of a company day above it wait for an approver. */
export const DEFAULT_PAYOUT_DAILY_CEILING_MINOR = 100_000_000;

/** The payout process's service-wide settings, parsed at start-up with the rest (platform/config/schema.ts). */
export const PAYOUT_SETTINGS = {
  /** How long after it is scheduled (created, or approved) a payout waits before it is sent: the app may cancel it meanwhile. */
  PAYOUT_CANCEL_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(60),
  /** How long a payout waits for approvers before it is cancelled (hours; fractions allowed). */
  PAYOUT_APPROVAL_WINDOW_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(72),
  /** How often a payout waiting for its rail's balance asks the rail again (a top-up also wakes it at once). */
  PAYOUT_QUEUE_RECHECK_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(60),
  /**
   * How often paid payouts on rails that can send money back later (bank transfers: a BEFTN return
   * file) are checked for a return; 0 turns the check off.
   */
  PAYOUT_RETURN_CHECK_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .default(900),
  /**
   * The most the deployment's LIVE payouts in BDT may add up to in a company day before a payout
   * waits for an approver whatever its app's rules say (minor units; 1,000,000.00 BDT by default).
   */
  PAYOUT_DAILY_CEILING_MINOR: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .default(DEFAULT_PAYOUT_DAILY_CEILING_MINOR),
};

/** The currency the daily payout ceiling is counted in. */
export const PAYOUT_DAILY_CEILING_CURRENCY = 'BDT';

/** The daily payout ceiling as the admission judges it; the default when the setting is left out. */
export function payoutDailyCeilingOf(config: { PAYOUT_DAILY_CEILING_MINOR?: number | undefined }) {
  return {
    currency: PAYOUT_DAILY_CEILING_CURRENCY,
    amountMinor: config.PAYOUT_DAILY_CEILING_MINOR ?? DEFAULT_PAYOUT_DAILY_CEILING_MINOR,
  };
}

/** How long after it was paid a payout is still watched for a return (BEFTN's returns come within days). */
export const RETURN_WATCH_DAYS = 10;

/** Paid payouts read from the database at a time while a check asks their rails. */
export const RETURN_CHECK_PAGE = 200;

/** The same settings as the payout core uses them. */
export interface PayoutTimings {
  cancelWindowMs: number;
  approvalWindowMs: number;
  queueRecheckMs: number;
}

export const DEFAULT_PAYOUT_TIMINGS: PayoutTimings = {
  cancelWindowMs: 60_000,
  approvalWindowMs: 72 * 3_600_000,
  queueRecheckMs: 60_000,
};

export function payoutTimingsOf(config: {
  PAYOUT_CANCEL_WINDOW_SECONDS: number;
  PAYOUT_APPROVAL_WINDOW_HOURS: number;
  PAYOUT_QUEUE_RECHECK_SECONDS: number;
}): PayoutTimings {
  return {
    cancelWindowMs: config.PAYOUT_CANCEL_WINDOW_SECONDS * 1000,
    approvalWindowMs: Math.round(config.PAYOUT_APPROVAL_WINDOW_HOURS * 3_600_000),
    queueRecheckMs: config.PAYOUT_QUEUE_RECHECK_SECONDS * 1000,
  };
}
