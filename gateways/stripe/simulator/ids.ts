import { randomBytes } from 'node:crypto';

/** Identifiers shaped like Stripe's: a type prefix, then random letters and digits. */

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlphanumeric(length: number): string {
  return [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

export const newId = {
  session: () => `cs_test_${randomAlphanumeric(58)}`,
  paymentIntent: () => `pi_${randomAlphanumeric(24)}`,
  charge: () => `ch_${randomAlphanumeric(24)}`,
  refund: () => `re_${randomAlphanumeric(24)}`,
  balanceTransaction: () => `txn_${randomAlphanumeric(24)}`,
  payout: () => `po_${randomAlphanumeric(24)}`,
  dispute: () => `du_${randomAlphanumeric(24)}`,
  event: () => `evt_${randomAlphanumeric(24)}`,
  request: () => `req_${randomAlphanumeric(14)}`,
};
