import type { BankTransferMethod } from '../../payouts/rail.js';

/**
 * What the simulated bank charges per transfer it takes, out of the company account with the
 * amount. Banks set their own BEFTN and NPSB charges for corporate customers; the simulator assumes
 * Tk 10 a BEFTN credit and Tk 5 an NPSB credit, each with 15 % VAT (docs/processes/payout-rails.md,
 * "Fees").
 */
export const BANK_CHARGES_MINOR: Readonly<Record<BankTransferMethod, number>> = {
  BEFTN: 1_150,
  NPSB: 575,
};

export const bankTransferChargeMinor = (method: BankTransferMethod) => BANK_CHARGES_MINOR[method];
