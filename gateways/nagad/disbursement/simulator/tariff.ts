/**
 * What the simulated Nagad disbursement account charges per transfer. Nagad publishes no tariff
 * for merchant disbursement (it is in the merchant's agreement); the simulator assumes 0.75 % of
 * the amount, rounded half up to the poisha (docs/processes/payout-rails.md, "Fees").
 */
export const NAGAD_DISBURSEMENT_FEE_BASIS_POINTS = 75;

export function nagadDisbursementFeeMinor(amountMinor: number): number {
  return Math.floor((amountMinor * NAGAD_DISBURSEMENT_FEE_BASIS_POINTS + 5_000) / 10_000);
}
