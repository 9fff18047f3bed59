import type { GatewayDriver } from '../../test/contract/gateway-contract.js';
import type { Harness } from '../../test/contract/harness.js';
import {
  BOGUS_NAGAD_PAYMENT_REF_ID,
  nagadOrderIdOf as orderIdOf,
  nagadPaymentRefIdOf as paymentRefIdOf,
  nagadSuccessClaim,
} from '../../test/helpers/forged-callbacks.js';

/**
 * Nagad: the hosted page's choice (`choice=Success|Failed|Aborted|abandon`), then the browser's GET
 * back to our callback URL, Nagad's only callback (unsigned); verify alone decides. Faults are per
 * orderId (our reference without its underscore); outages are global.
 */

const setFaults = (h: Harness, reference: string, faults: Record<string, unknown>) =>
  h.control('PUT', '/__simulator/faults', { orderId: orderIdOf(reference), faults });

export const nagadDriver: GatewayDriver = {
  gateway: 'nagad',
  displayName: 'Nagad',
  payment: { currency: 'BDT', amountMinor: 10000 },
  choiceField: 'choice',
  success: 'Success',
  failure: { choice: 'Failed' },
  cancel: { choice: 'Aborted' },
  insufficientBalance: {
    notApplicable:
      "Nagad reports no outcome of its own for a short balance: its one failure (Failed, the page's 'insufficient balance') is the failure scenario",
  },
  abandonment: { choice: 'abandon' },
  asyncSuccess: {
    notApplicable:
      'Nagad has no delayed payment methods: the wallet payment succeeds or fails when the customer finishes',
  },
  asyncFailure: {
    notApplicable:
      'Nagad has no delayed payment methods: the wallet payment succeeds or fails when the customer finishes',
  },
  // No refund API: finance refunds in Nagad's merchant panel and confirms it.
  lateSuccess: { refunds: 'FINANCE' },
  lostResponse: {
    // The customer pays, but the browser never comes back (the only callback is lost): verify, asked
    // once more at the deadline, finds the payment.
    arm: async () => undefined,
    customerReturns: false,
  },
  forgedCallback: {
    async forge(h, openVictim) {
      // Another customer paid their own order at Nagad; their browser has not come back yet.
      const other = await h.createPayment();
      const otherRefId = paymentRefIdOf(await h.openCheckout(other.reference));
      await h.control('POST', `/__simulator/payments/${encodeURIComponent(otherRefId)}/finish`, {
        outcome: 'Success',
      });
      const victim = await openVictim();
      const forged = (paymentRefId: string) =>
        h.returnWithQuery(victim.reference, nagadSuccessClaim(h.stack, victim.reference, paymentRefId));
      await forged(otherRefId);
      await forged(BOGUS_NAGAD_PAYMENT_REF_ID);
      // Both name a session other than the victim's: kept as one return, confirmed once.
      return { victim, callbacks: 1 };
    },
  },
  lyingCallback: {
    // The callback says Success whatever the customer chose; verify says Aborted.
    arm: (h, reference) => setFaults(h, reference, { forgedCallback: true }),
    choice: 'Aborted',
    claimsSuccess: (back) => new URL(back.url).searchParams.get('status') === 'Success',
  },
  captureUnavailableOnce: {
    // verify answers 503 once after the customer paid; the hosted page and the callback stay up.
    arm: (h, reference) => setFaults(h, reference, { verifyUnavailableOnce: true }),
    async check(h, payment) {
      const faults = await h.control('GET', '/__simulator/faults');
      expect(faults.byOrderId[orderIdOf(payment.reference)]).toBeUndefined();
    },
  },
  forgedReturnFirst: {
    async forge(h, payment) {
      // Nagad's callback is unsigned: anyone who saw the payment_ref_id can claim success with it.
      await h.returnWithQuery(
        payment.reference,
        nagadSuccessClaim(h.stack, payment.reference, paymentRefIdOf(payment.pageUrl)),
      );
      return { callbacks: 1 };
    },
  },
  duplicateCallback: {
    // Nagad's server reaches our callback URL once itself, before the browser gets there.
    arm: (h, reference) => setFaults(h, reference, { duplicateCallback: true }),
    async repeat(h, payment, back) {
      const order = await h.control('GET', `/__simulator/orders/${orderIdOf(payment.reference)}`);
      expect(order.payment.serverCallbacks).toEqual([expect.objectContaining({ status: 302 })]);
      // And the customer reloads the page.
      await h.returnToCheckout(back);
    },
  },
  outOfOrder: {
    notApplicable: "Nagad sends no notifications: the customer's browser coming back is its only callback",
  },
  amountMismatch: {
    // verify reports the other amount.
    arm: (h, reference, deltaMinor) => setFaults(h, reference, { amountDeltaMinor: deltaMinor }),
  },
  outage: {
    arm: (h, forMs) => h.control('PUT', '/__simulator/outages', { verify: { forMs } }),
    end: (h) => h.control('PUT', '/__simulator/outages', { verify: null }),
  },
  expiredToken: {
    notApplicable: 'Nagad has no access token: every request is signed and sealed with the merchant keys',
  },
};
