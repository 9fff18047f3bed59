/**
 * What the simulated disbursement account charges per B2C transfer. bKash publishes no tariff for
 * business disbursement (it is set in the merchant's agreement); the simulator assumes 1.00 % of the
 * amount, rounded half up to the poisha, so that fees are never zero in tests and finance's view
 * (docs/processes/payout-rails.md, "Fees").
 */
export const BKASH_B2C_FEE_BASIS_POINTS = 100;

export function bkashB2cFeeMinor(amountMinor: number): number {
  return Math.floor((amountMinor * BKASH_B2C_FEE_BASIS_POINTS + 5_000) / 10_000);
}
