import type { GatewayDriver, OpenPayment } from '../../test/contract/gateway-contract.js';
import type { Harness } from '../../test/contract/harness.js';

/**
 * bKash tokenized checkout: the hosted page's choice (`choice=success|insufficient|failure|cancel|
 * abandon`), then the browser's GET back to our callback URL, bKash's only callback; we execute
 * the payment (or ask its status). Faults are per merchantInvoiceNumber (our reference); the
 * outage (every API) and token expiry are global.
 */

/** bKash's paymentID is in the hosted page's link (`bkashURL?paymentId=…`). */
const paymentIdOf = (pageUrl: string) => new URL(pageUrl).searchParams.get('paymentId')!;

const atBkash = (h: Harness, payment: OpenPayment) =>
  h.control('GET', `/__simulator/payments/${paymentIdOf(payment.pageUrl)}`);

export const bkashDriver: GatewayDriver = {
  gateway: 'bkash',
  displayName: 'bKash',
  payment: { currency: 'BDT', amountMinor: 10000 },
  choiceField: 'choice',
  success: 'success',
  failure: { choice: 'failure' },
  cancel: { choice: 'cancel' },
  // The customer approves from the short wallet; execute finds the balance short (2023).
  insufficientBalance: { choice: 'insufficient' },
  abandonment: { choice: 'abandon' },
  asyncSuccess: {
    notApplicable:
      'bKash has no delayed payment methods: execute completes the payment or refuses it at once',
  },
  asyncFailure: {
    notApplicable:
      'bKash has no delayed payment methods: execute completes the payment or refuses it at once',
  },
  lateSuccess: { refunds: 'API' },
  lostResponse: {
    // execute takes the money, but its answer is lost (504): only payment/status tells us.
    arm: (h, reference) =>
      h.control('PUT', '/__simulator/faults', {
        merchantInvoiceNumber: reference,
        faults: { executeAnswerLost: '504' },
      }),
    customerReturns: true,
    async check(h, payment) {
      // Recovered by asking, not by executing again.
      expect(await atBkash(h, payment)).toMatchObject({ status: 'Completed', executeCalls: 1 });
    },
  },
  forgedCallback: {
    async forge(h, openVictim) {
      // Another customer approved their own payment at bKash; their browser has not come back yet.
      const other = await h.createPayment();
      const otherPaymentId = paymentIdOf(await h.openCheckout(other.reference));
      await h.control('POST', `/__simulator/payments/${otherPaymentId}/complete`, { choice: 'success' });
      const victim = await openVictim();
      const forged = (paymentID: string) =>
        h.returnWithQuery(victim.reference, { reference: victim.reference, paymentID, status: 'success' });
      await forged(otherPaymentId);
      await forged('TR0011BOGUS00000000001');
      // Both name a session other than the victim's: kept as one return, confirmed once.
      return { victim, callbacks: 1 };
    },
  },
  lyingCallback: {
    // The page sends the browser back with status=success though the customer cancelled: execute
    // is refused (2056) and payment/status says Cancelled.
    arm: (h, reference) =>
      h.control('PUT', '/__simulator/faults', {
        merchantInvoiceNumber: reference,
        faults: { forgedCallback: true },
      }),
    choice: 'cancel',
    claimsSuccess: (back) => new URL(back.url).searchParams.get('status') === 'success',
  },
  captureUnavailableOnce: {
    // execute answers 503 once; payment/status and every other API stay up.
    arm: (h, reference) =>
      h.control('PUT', '/__simulator/faults', {
        merchantInvoiceNumber: reference,
        faults: { executeUnavailableOnce: true },
      }),
    async check(h, payment) {
      // The first execute met the 503; a later one completed the payment, exactly once.
      const atGateway = await atBkash(h, payment);
      expect(atGateway.status).toBe('Completed');
      expect(atGateway.executeCalls).toBeGreaterThanOrEqual(2);
    },
  },
  forgedReturnFirst: {
    async forge(h, payment) {
      // bKash's return is unsigned: anyone who saw the paymentID can claim success with it.
      await h.returnWithQuery(payment.reference, {
        reference: payment.reference,
        paymentID: paymentIdOf(payment.pageUrl),
        status: 'success',
      });
      return { callbacks: 1 };
    },
  },
  duplicateCallback: {
    async repeat(h, payment, back) {
      // The customer reloads the callback page, twice at once.
      await Promise.all([h.returnToCheckout(back), h.returnToCheckout(back)]);
      expect((await atBkash(h, payment)).status).toBe('Completed');
    },
  },
  outOfOrder: {
    notApplicable: "bKash sends no notifications: the customer's browser coming back is its only callback",
  },
  amountMismatch: {
    // execute and payment/status report the other amount.
    arm: (h, reference, deltaMinor) =>
      h.control('PUT', '/__simulator/faults', {
        merchantInvoiceNumber: reference,
        faults: { amountDeltaMinor: deltaMinor },
      }),
  },
  outage: {
    // Maintenance: every API (tokens included) answers 503; the hosted page stays up.
    arm: (h, forMs) => h.control('PUT', '/__simulator/outage', { forMs }),
    end: (h) => h.control('PUT', '/__simulator/outage', { forMs: null }),
  },
  expiredToken: {
    // Every id_token bKash issued is refused (401) from now on; refresh tokens stay good.
    expire: (h) => h.control('POST', '/__simulator/tokens/expire'),
  },
};
