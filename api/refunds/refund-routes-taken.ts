import type { Payment } from '../../platform/orm/entities.js';
import { routeRefund, type RefundRoute } from '../../domain/refunds/refund-rails.js';
import { RAIL_FOR_BENEFICIARY } from '../../gateways/payouts/registry.js';
import { refundDestinationOf } from '../../domain/refunds/refund-destination.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { Beneficiary } from '../../gateways/payouts/rail.js';
import type { RouteDeps } from '../deps.js';
import { payoutRailsOf } from '../payouts/payout-rails.js';

/** What a refund request says about how the money goes back. */
export interface RefundDestinationAsk {
  destination?: Beneficiary | null;
  /** Finance pays by hand and confirms, instead of a payout (a gateway without a refund API). */
  manualConfirmation?: boolean;
}

/**
 * Decides how a refund of `payment` reaches the customer, before it is taken: the gateway's
 * refund API; a payout to the destination when the gateway has none (its rail must be configured
 * for the payment's mode and take the amount, else RAIL_NOT_AVAILABLE); or finance's manual
 * confirmation when chosen. A gateway without a refund API and neither is REFUND_DESTINATION_REQUIRED.
 * A destination given for a gateway with an API is kept: the refund goes out by it if the gateway
 * refuses because the payment is past its refund window (bKash). Without one, the destination is
 * the payer's wallet or account when the gateway named it (refunds go back to the payer).
 */
export function refundRouteFor(
  deps: Pick<RouteDeps, 'gateways' | 'payoutRails'>,
  payment: Pick<Payment, 'gateway' | 'mode' | 'payerAccount'>,
  ask: RefundDestinationAsk,
  amountMinor: number | undefined,
): { route: RefundRoute; destination: Beneficiary | null } {
  const module = payment.gateway
    ? deps.gateways.modules().find((m) => m.name === payment.gateway)
    : undefined;
  const gatewayRefunds = module?.description.refunds ?? 'MANUAL';
  // Back to the payer when no destination is asked for and the gateway told us who paid.
  const { destination } = refundDestinationOf({
    payer: payment.payerAccount ?? null,
    asked: ask.destination ?? null,
    manualConfirmation: ask.manualConfirmation === true,
  });
  const decided = routeRefund({
    gatewayRefunds,
    hasDestination: destination !== null,
    manualConfirmation: ask.manualConfirmation === true,
  });
  if ('code' in decided) throw new ApiError(decided.code, undefined, { gateway: payment.gateway });
  if (destination) assertRailAvailable(deps, payment, destination, amountMinor);
  return { route: decided.route, destination };
}

function assertRailAvailable(
  deps: Pick<RouteDeps, 'payoutRails'>,
  payment: Pick<Payment, 'mode'>,
  destination: Beneficiary,
  amountMinor: number | undefined,
): void {
  const railName = RAIL_FOR_BENEFICIARY[destination.type];
  const rail = payoutRailsOf(deps).rail(railName, payment.mode);
  if (!rail) {
    throw new ApiError(
      'RAIL_NOT_AVAILABLE',
      `The ${railName} payout rail is not configured for ${payment.mode}`,
      {
        rail: railName,
        mode: payment.mode,
      },
    );
  }
  const { minAmountMinor, maxAmountMinor } = rail.describe();
  // An amount left out (everything still refundable) is checked against the rail when the payout is made.
  if (amountMinor !== undefined && (amountMinor < minAmountMinor || amountMinor > maxAmountMinor)) {
    throw new ApiError(
      'RAIL_NOT_AVAILABLE',
      `The ${railName} payout rail pays from ${minAmountMinor} to ${maxAmountMinor} minor units`,
      { rail: railName, minAmountMinor, maxAmountMinor },
    );
  }
}
