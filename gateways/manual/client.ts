import {
  receiptReport,
  type OfflineInstructions,
  type ReceiptBook,
} from '../../domain/payments/manual-receipts.js';
import { CURRENCIES } from '../../domain/shared/money.js';
import { financeConfirmedRefunds } from '../finance-refunds.js';
import { GatewayError, type CheckoutGateway, type GatewayDescription } from '../types.js';

/**
 * Bank transfer, cash and cheque: the customer pays outside any gateway, quoting the payment's
 * reference, and finance records the money as a receipt. The receipts are this gateway's
 * authority: the payment's workflow asks them exactly as it asks another gateway's API, so the
 * lifecycle, ledger, webhooks and expiry are the same.
 */

export const DESCRIPTION: GatewayDescription = {
  name: 'manual',
  displayName: 'Bank transfer or cash',
  currencies: CURRENCIES,
  minAmountMinor: 1,
  // Large transfers are what this is for; step-up and maker-checker guard them instead.
  maxAmountMinor: 1_000_000_000_000,
  refunds: 'MANUAL',
  serverNotifications: false,
  // No gateway page, so no returns: a receipt finance records is the only callback.
  signedReturns: false,
};

const MANUAL_REFUND =
  'Paid outside any gateway: pay the customer back the same way, then confirm the refund here';

export interface ManualGatewayOptions {
  terms: OfflineInstructions;
  /** Where the customer reads the instructions: our own hosted checkout. */
  publicUrl: string;
  receipts: ReceiptBook | null;
}

export function createManualGateway(options: ManualGatewayOptions): CheckoutGateway {
  const checkoutBase = `${options.publicUrl.replace(/\/$/, '')}/checkout/`;
  const book = () => {
    if (!options.receipts) throw new GatewayError('GATEWAY_UNAVAILABLE', 'receipts cannot be read here');
    return options.receipts;
  };

  return {
    describe: () => DESCRIPTION,
    offlineTerms: () => options.terms,

    /** Nothing to open elsewhere: the checkout page itself shows how to pay and what to quote. */
    async openSession(request) {
      return { sessionKey: request.reference, redirectUrl: `${checkoutBase}${request.reference}` };
    },

    isHostedPage: (url) => url.startsWith(checkoutBase),

    /** Nobody outside may tell us money arrived: only a receipt finance recorded says so. */
    parseInbound: () => ({ accepted: false, reason: 'manual payments take no notifications' }),

    async confirm(callback) {
      const id = Number(callback.confirmationKey);
      const receipt = Number.isSafeInteger(id) && id > 0 ? await book().byId(id) : null;
      return receiptReport(callback.reference, receipt);
    },

    async query(reference) {
      return receiptReport(reference, await book().standingFor(reference));
    },

    /** Money paid by hand goes back by hand: the refund waits for finance to confirm it. */
    ...financeConfirmedRefunds(MANUAL_REFUND),
  };
}
