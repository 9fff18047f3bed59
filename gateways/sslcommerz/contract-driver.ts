import { signIpn } from './protocol.js';
import type { GatewayDriver } from '../../test/contract/gateway-contract.js';
import type { Harness } from '../../test/contract/harness.js';

/**
 * SSLCOMMERZ: its hosted page posts the outcome (`outcome=VALID|FAILED|CANCELLED`), the gateway
 * sends a signed IPN server to server, and the browser is form-posted back with the same fields.
 * Its faults are per tran_id (our reference); its outages are global.
 */

const setFaults = (h: Harness, reference: string, faults: Record<string, unknown>) =>
  h.control('PUT', '/__simulator/faults', { tranId: reference, faults });

/** Another customer's payment, paid in full: its genuine, signed IPN fields. */
async function paidElsewhere(h: Harness) {
  const other = await h.createPayment();
  const pageUrl = await h.openCheckout(other.reference);
  await h.comeBack(await h.choose(pageUrl, 'outcome', 'VALID'));
  await h.waitForStatus(other.reference, 'SUCCEEDED');
  const fields = h.stack.simulator.state.latestTransaction(other.reference)?.ipnFields;
  if (!fields) throw new Error(`the simulator holds no IPN for ${other.reference}`);
  return fields;
}

function unsigned(fields: Record<string, string>): Record<string, string> {
  const { verify_sign: _sign, verify_sign_sha2: _sha2, verify_key: _key, ...rest } = fields;
  return rest;
}

export const sslcommerzDriver: GatewayDriver = {
  gateway: 'sslcommerz',
  displayName: 'SSLCOMMERZ',
  payment: { currency: 'BDT', amountMinor: 10000 },
  choiceField: 'outcome',
  success: 'VALID',
  failure: { choice: 'FAILED' },
  cancel: { choice: 'CANCELLED' },
  insufficientBalance: {
    notApplicable:
      'SSLCOMMERZ reports a short wallet or card as an ordinary FAILED transaction (the failure scenario); it has no outcome of its own',
  },
  // The page has no "leave" button: the customer simply never chooses.
  abandonment: {},
  asyncSuccess: {
    notApplicable:
      'SSLCOMMERZ has no delayed payment methods: a transaction is VALID or not when the customer finishes',
  },
  asyncFailure: {
    notApplicable:
      'SSLCOMMERZ has no delayed payment methods: a transaction is VALID or not when the customer finishes',
  },
  lateSuccess: { refunds: 'API' },
  lostResponse: {
    // The IPN never comes and the customer closes the tab: our last question (the transaction
    // query by tran_id, at the deadline) finds the capture.
    arm: (h, reference) => setFaults(h, reference, { ipn: 'none' }),
    customerReturns: false,
  },
  forgedCallback: {
    async forge(h, openVictim) {
      const genuine = await paidElsewhere(h);
      const victim = await openVictim();
      // An IPN for the victim with another customer's real val_id, signed without the store
      // password (the forger's guess).
      const claim = { ...unsigned(genuine), tran_id: victim.reference };
      const forged = { ...claim, ...signIpn(claim, 'guessed-store-password') };
      const ipn = await h.stack.api('POST', '/api/v1/gateways/sslcommerz/ipn', {
        rawBody: new URLSearchParams(forged).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(ipn.status).toBe(400);
      // A browser return carrying the other customer's genuinely signed fields, retargeted.
      await h.returnToCheckout({
        method: 'POST',
        url: `${h.stack.apiUrl}/checkout/${victim.reference}/return`,
        fields: { ...genuine, tran_id: victim.reference },
      });
      return { victim, callbacks: 2 };
    },
  },
  lyingCallback: {
    notApplicable:
      'SSLCOMMERZ signs its IPN and browser post with the store password: a claim it did not sign is the forged-callback scenario',
  },
  captureUnavailableOnce: {
    // The validator (validator/api/validationserverAPI.php) answers 503 to the first validation.
    arm: (h, reference) => setFaults(h, reference, { validationUnavailableOnce: true }),
    async check(h, payment) {
      const faults = await h.control('GET', '/__simulator/faults');
      expect(faults.byTranId[payment.reference]).toBeUndefined();
    },
  },
  forgedReturnFirst: {
    async forge(h, payment) {
      // SSLCOMMERZ signs its browser post: the forger can only sign with a guessed store password.
      const claim = {
        tran_id: payment.reference,
        val_id: '2612142359591KtJvRFbGL1Ng8S',
        amount: '100.00',
        currency: 'BDT',
        status: 'VALID',
        bank_tran_id: '261214235959OoVxhHJbqvKeeM',
        card_type: 'BKASH-BKash',
      };
      await h.returnToCheckout({
        method: 'POST',
        url: `${h.stack.apiUrl}/checkout/${payment.reference}/return`,
        fields: { ...claim, ...signIpn(claim, 'guessed-store-password') },
      });
      return { callbacks: 1 };
    },
  },
  duplicateCallback: {
    // The IPN twice, one after the other, as the page completes.
    arm: (h, reference) => setFaults(h, reference, { ipn: 'duplicate' }),
    async repeat(h, payment, back) {
      // Sent once more later, and the customer reloads the page the gateway posted them back with.
      const resent = await h.control('POST', `/__simulator/transactions/${payment.reference}/send-ipn`);
      expect(resent).toMatchObject({ status: 200 });
      await h.returnToCheckout(back);
    },
  },
  outOfOrder: {
    notApplicable:
      'SSLCOMMERZ sends one IPN per transaction: there is no sequence to reorder (a repeated IPN is the duplicate scenario)',
  },
  amountMismatch: {
    // IPN, validator and transaction query all report the other amount.
    arm: (h, reference, deltaMinor) => setFaults(h, reference, { amountDeltaMinor: deltaMinor }),
  },
  outage: {
    // The validator and the transaction query answer 503: nothing can confirm the IPN.
    arm: (h, forMs) => h.control('PUT', '/__simulator/outages', { validation: { forMs }, query: { forMs } }),
    end: (h) => h.control('PUT', '/__simulator/outages', { validation: null, query: null }),
  },
  expiredToken: {
    notApplicable: 'SSLCOMMERZ has no access token: the store id and password go with every call',
  },
};
