import { createPayoutRailRegistry, type PayoutRailRegistry } from '../../gateways/payouts/registry.js';
import {
  DEFAULT_PAYOUT_TIMINGS,
  payoutTimingsOf,
  type PayoutTimings,
} from '../../domain/payouts/payout-settings.js';
import type { ApiDeps } from '../deps.js';

/** The API's payout rails: the ones its entry point built, else one registry over this process's environment. */
let fromEnvironment: PayoutRailRegistry | null = null;
export function payoutRailsOf(deps: Pick<ApiDeps, 'payoutRails'>): PayoutRailRegistry {
  return deps.payoutRails ?? (fromEnvironment ??= createPayoutRailRegistry(process.env));
}

export function apiPayoutTimings(deps: Pick<ApiDeps, 'config'>): PayoutTimings {
  const { PAYOUT_CANCEL_WINDOW_SECONDS, PAYOUT_APPROVAL_WINDOW_HOURS, PAYOUT_QUEUE_RECHECK_SECONDS } =
    deps.config;
  if (PAYOUT_CANCEL_WINDOW_SECONDS === undefined || PAYOUT_APPROVAL_WINDOW_HOURS === undefined) {
    return DEFAULT_PAYOUT_TIMINGS;
  }
  return payoutTimingsOf({
    PAYOUT_CANCEL_WINDOW_SECONDS,
    PAYOUT_APPROVAL_WINDOW_HOURS,
    PAYOUT_QUEUE_RECHECK_SECONDS:
      PAYOUT_QUEUE_RECHECK_SECONDS ?? DEFAULT_PAYOUT_TIMINGS.queueRecheckMs / 1000,
  });
}
