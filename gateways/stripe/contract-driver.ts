import type { GatewayDriver, OpenPayment } from '../../test/contract/gateway-contract.js';
import type { Harness } from '../../test/contract/harness.js';
import {
  postStripeWebhook,
  stripeCompletedClaim,
  stripeSessionIdOf as sessionIdOf,
} from '../../test/helpers/forged-callbacks.js';

/**
 * Stripe Checkout: the hosted page's choice (`choice=pay|async_success|async_failure|decline|
 * cancel|abandon`), signed webhooks to our IPN URL and the browser's return to success_url or
 * cancel_url; retrieving the Checkout Session alone decides. Faults are per client_reference_id
 * (our reference); outages are global.
 */

const setFaults = (h: Harness, reference: string, faults: Record<string, unknown>) =>
  h.control('PUT', '/__simulator/faults', { reference, faults });

/** The bank answers a debit only when told to (`settle`), not 10 s after the customer's choice. */
const HELD_FOR_AN_HOUR = { asyncSettlesAfterMs: 3_600_000 };

const settle = async (h: Harness, payment: OpenPayment) => {
  await h.control('POST', `/__simulator/sessions/${sessionIdOf(payment.pageUrl)}/settle`);
};

type SimEvent = { id: string; type: string; reference: string | null; deliveries: unknown[] };
const eventsOf = async (h: Harness, reference: string) =>
  (await h.control<SimEvent[]>('GET', '/__simulator/events')).filter(
    (event) => event.reference === reference,
  );

export const stripeDriver: GatewayDriver = {
  gateway: 'stripe',
  displayName: 'Stripe',
  payment: { currency: 'USD', amountMinor: 2500 },
  choiceField: 'choice',
  success: 'pay',
  failure: {
    notApplicable:
      'a declined card leaves Stripe Checkout open for another attempt (no terminal failure); its terminal failure is the bank debit that bounces (async failure)',
  },
  // The page's back link: the return through cancel_url is confirmed by expiring the session.
  cancel: { choice: 'cancel' },
  insufficientBalance: {
    notApplicable:
      "Stripe's insufficient funds is a card decline (Checkout stays open) or a bank debit that bounces (async failure)",
  },
  // The customer simply leaves (the page's "walk away" fast-forwards Stripe's own session expiry instead).
  abandonment: {},
  asyncSuccess: {
    choice: 'async_success',
    arm: (h, reference) => setFaults(h, reference, HELD_FOR_AN_HOUR),
    settle,
  },
  asyncFailure: {
    choice: 'async_failure',
    arm: (h, reference) => setFaults(h, reference, HELD_FOR_AN_HOUR),
    settle,
  },
  lateSuccess: { refunds: 'API' },
  lostResponse: {
    // Not one webhook arrives and the customer closes the tab: retrieving the session at our
    // deadline finds it paid.
    arm: (h, reference) => setFaults(h, reference, { eventDelivery: 'none' }),
    customerReturns: false,
  },
  forgedCallback: {
    async forge(h, openVictim) {
      // Another customer paid their own session.
      const other = await h.createPayment();
      const otherPage = await h.openCheckout(other.reference);
      await h.comeBack(await h.choose(otherPage, 'choice', 'pay'));
      await h.waitForStatus(other.reference, 'SUCCEEDED');
      const otherSession = sessionIdOf(otherPage);
      const victim = await openVictim();

      const claim = (sessionId: string) =>
        stripeCompletedClaim(sessionId, victim.reference, h.payment.amountMinor);
      const post = (payload: string, secret: string) => postStripeWebhook(h.stack, payload, secret);
      // Signed with a secret that is not ours.
      expect((await post(claim(sessionIdOf(victim.pageUrl)), 'whsec_forged_by_someone_else')).status).toBe(
        400,
      );
      // Signed with the real secret (stolen), naming another customer's paid session.
      const secret = h.stack.gatewaySimulators.credentials.stripe.webhookSecret!;
      expect((await post(claim(otherSession), secret)).status).toBe(200);
      // The browser claims the other customer's session.
      await h.returnWithQuery(victim.reference, { reference: victim.reference, session_id: otherSession });
      return { victim, callbacks: 3 };
    },
  },
  lyingCallback: {
    notApplicable:
      'Stripe signs its webhooks, and the browser comes back through cancel_url (no claim of payment) or success_url with only the session id: claims it did not sign are the forged-callback scenario',
  },
  captureUnavailableOnce: {
    // Retrieving the completed Checkout Session answers 503 once; webhooks and the page stay up.
    arm: (h, reference) => setFaults(h, reference, { sessionRetrieveUnavailableOnce: true }),
    async check(h, payment) {
      const faults = await h.control('GET', '/__simulator/faults');
      expect(faults.byReference[payment.reference]).toBeUndefined();
    },
  },
  forgedReturnFirst: {
    async forge(h, payment) {
      // The return through success_url is unsigned: it names the session, and claims payment.
      await h.returnWithQuery(payment.reference, {
        reference: payment.reference,
        session_id: sessionIdOf(payment.pageUrl),
      });
      return { callbacks: 1 };
    },
  },
  duplicateCallback: {
    // Every event delivered twice under one evt_ id.
    arm: (h, reference) => setFaults(h, reference, { eventDelivery: 'duplicate' }),
    async repeat(h, payment, back) {
      const completed = (await eventsOf(h, payment.reference)).find(
        (event) => event.type === 'checkout.session.completed',
      );
      expect(completed?.deliveries).toHaveLength(2);
      // Stripe sends it once more, later; and the customer reloads the success page.
      await h.control('POST', `/__simulator/events/${completed!.id}/resend`);
      await h.returnToCheckout(back);
    },
  },
  outOfOrder: {
    async run(h, payment) {
      // A bank debit: its events are held back, then sent newest first, so the payment's success
      // arrives before the checkout's completion. The customer closed the tab: webhooks alone decide.
      // The release sends every held event at the simulator; no other scenario holds any, so this
      // one runs alongside them.
      await setFaults(h, payment.reference, { eventDelivery: 'held', ...HELD_FOR_AN_HOUR });
      const answer = await h.choose(payment.pageUrl, 'choice', 'async_success');
      expect(answer.status).toBe(303);
      await settle(h, payment);
      const released = await h.control<{ deliveries: unknown[] }>('POST', '/__simulator/events/release', {
        order: 'reverse',
      });
      expect(released.deliveries.length).toBeGreaterThanOrEqual(2);
      const sent = (await eventsOf(h, payment.reference)).map((event) => event.type);
      expect(sent).toEqual(
        expect.arrayContaining(['checkout.session.completed', 'checkout.session.async_payment_succeeded']),
      );
    },
  },
  amountMismatch: {
    // At completion the session's amount_total (and its PaymentIntent's amount) differ.
    arm: (h, reference, deltaMinor) => setFaults(h, reference, { amountDeltaMinor: deltaMinor }),
  },
  outage: {
    // The Checkout Sessions API answers 503; webhooks and the hosted page stay up.
    arm: (h, forMs) => h.control('PUT', '/__simulator/outages', { sessions: { forMs } }),
    end: (h) => h.control('PUT', '/__simulator/outages', { sessions: null }),
  },
  expiredToken: {
    notApplicable: 'Stripe has no expiring access token: the secret key is sent with every call',
  },
};
