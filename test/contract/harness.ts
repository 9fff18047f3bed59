import { ledgerLinesForSource } from '../../db/ledger/ledger.js';
import {
  enableGateway,
  fetchPage,
  moveDeadline,
  postForms,
  submitPageForm,
  type WebhookEvent,
} from '../helpers/gateway-e2e.js';
import type { HostedGateway } from '../helpers/gateway-simulators.js';
import { hangGuardDeadline, noteSlowWait } from '../helpers/patience.js';
import { paymentFacts } from '../helpers/queries.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../helpers/stack.js';

/**
 * One gateway's stack for the contract suite: the real API, worker, PostgreSQL and Temporal, the
 * gateway's simulator, an app that may pay with it (its own credentials where the gateway needs
 * them) and a webhook receiver. The customer's side is plain HTTP on the simulator's pages; the
 * facts are read from the API, the database and the receiver.
 */

export type ContractGateway = 'sslcommerz' | HostedGateway;

/** The webhook event types that tell an app how its payment ended. */
export const OUTCOME_EVENTS = ['payment.succeeded', 'payment.failed', 'payment.cancelled', 'payment.expired'];

/** Where a payment's checkout ends; none of them moves to another. */
const FINAL_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'];

/** Journal entries that record money captured for a payment: applied to the app, or parked. */
export const CAPTURE_KINDS = ['CAPTURE', 'UNAPPLIED_CAPTURE'];

export interface HarnessOptions {
  /** What every payment of the suite is made of (the currency and amount the gateway takes). */
  payment: { currency: string; amountMinor: number };
}

/** What the gateway's page answered a choice: a redirect, or a page (with the browser's next form). */
export interface PageAnswer {
  status: number;
  location: string | null;
  body: string;
  url: string;
}

export async function startContractHarness(gateway: ContractGateway, options: HarnessOptions) {
  const stack: Stack = await startStack();
  const receiver = await startWebhookReceiver();
  const registered = await stack.registerApp();
  const appId = registered.app.id;
  // SSLCOMMERZ is every app's gateway through the service's own TEST credentials.
  if (gateway !== 'sslcommerz') await enableGateway(stack, appId, gateway);
  const { secret: webhookSecret } = await stack.setWebhook(appId, receiver.url);
  const creds: Credentials = registered.test;
  const gatewayOrigin = gateway === 'sslcommerz' ? stack.simulatorUrl : stack.gatewaySimulators.url;

  let financeSession: ReturnType<Stack['adminLogin']> | null = null;
  const finance = () => {
    financeSession ??= stack
      .createOperator('FINANCE')
      .then((operator) => stack.adminLogin(operator.email, operator.password));
    return financeSession;
  };

  const readPayment = async (reference: string) => {
    const response = await stack.api('GET', `/api/v1/payments/${reference}`, { creds });
    if (response.status !== 200) throw new Error(`read ${reference}: ${response.status}`);
    return response.body.data as Record<string, any>;
  };

  /** Every verified delivery about `reference` (a payment's, or a refund's payment's). */
  const verifiedAbout = (reference: string): WebhookEvent[] =>
    receiver.allVerified(webhookSecret).filter((event) => {
      const data = event.data as { reference?: string; paymentReference?: string };
      return data.reference === reference || data.paymentReference === reference;
    });

  const h = {
    gateway,
    stack,
    receiver,
    appId,
    creds,
    webhookSecret,
    payment: options.payment,

    /** The gateway simulator's control API (`/__simulator/...`), JSON in and out. */
    control<T = any>(method: string, route: string, body?: unknown): Promise<T> {
      return gateway === 'sslcommerz'
        ? stack.simulatorCall<T>(method, route, body)
        : stack.gatewaySimulators.control<T>(gateway, method, route, body);
    },

    async createPayment(overrides: Record<string, unknown> = {}) {
      return stack.createPayment(creds, { gateway, ...options.payment, ...overrides });
    },

    /** Moves a payment's deadline to `seconds` from now; before its checkout is first opened. */
    expireIn: (reference: string, seconds: number) => moveDeadline(stack, reference, seconds),

    /** The customer clicks Pay on our checkout: answers the gateway's hosted page it is sent to. */
    async openCheckout(reference: string): Promise<string> {
      const location = await stack.openCheckout(reference);
      if (!location.startsWith(`${gatewayOrigin}/`)) {
        throw new Error(`checkout of ${reference} went to ${location}, not the ${gateway} simulator`);
      }
      return location;
    },

    page: fetchPage,

    /**
     * The customer picks an outcome on the gateway's page: the form whose `field` is `value` is
     * submitted as a browser would, and the gateway's answer is not followed.
     */
    choose: (pageUrl: string, field: string, value: string): Promise<PageAnswer> =>
      submitPageForm(pageUrl, field, value),

    /**
     * Where the gateway's answer sends the browser back to us: a redirect (a GET), or a page whose
     * form posts itself to our return URL (SSLCOMMERZ). Null when the browser stays at the gateway.
     */
    returnOf(
      answer: PageAnswer,
    ): { method: 'GET' | 'POST'; url: string; fields: Record<string, string> } | null {
      if (answer.location) return { method: 'GET', url: answer.location, fields: {} };
      const onward = postForms(answer.body)
        .map((form) => ({ ...form, action: new URL(form.action, answer.url).toString() }))
        .find((form) => form.action.startsWith(`${stack.apiUrl}/checkout/`));
      return onward ? { method: 'POST', url: onward.action, fields: onward.fields } : null;
    },

    /** The browser arrives at our return URL; answers where our checkout sends it on. */
    async returnToCheckout(back: { method: 'GET' | 'POST'; url: string; fields: Record<string, string> }) {
      if (!back.url.startsWith(`${stack.apiUrl}/checkout/`))
        throw new Error(`not our return URL: ${back.url}`);
      const response = await fetch(back.url, {
        method: back.method,
        redirect: 'manual',
        ...(back.method === 'POST' && {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(back.fields).toString(),
        }),
      });
      await response.arrayBuffer();
      const location = response.headers.get('location');
      if (response.status !== 302 || location === null) {
        throw new Error(`return ${back.url}: ${response.status} ${location ?? '(no location)'}`);
      }
      return location;
    },

    /** The browser comes back to our return URL with a GET carrying `query` (bKash, Nagad, Stripe). */
    returnWithQuery(reference: string, query: Record<string, string>) {
      return h.returnToCheckout({
        method: 'GET',
        url: `${stack.apiUrl}/checkout/${reference}/return?${new URLSearchParams(query).toString()}`,
        fields: {},
      });
    },

    /** Follows the gateway's answer back to us, if it sends the browser back; answers the return. */
    async comeBack(answer: PageAnswer) {
      const back = h.returnOf(answer);
      if (back === null) throw new Error(`the gateway kept the browser (${answer.status}): ${answer.body}`);
      await h.returnToCheckout(back);
      return back;
    },

    readPayment,

    /**
     * Waits for `status`; fails at once if the payment ends in another status instead. A quiet
     * machine gets there within `expectedMs`; a loaded one may take up to the hang guard
     * (test/helpers/patience.ts), and says so on stderr.
     */
    async waitForStatus(reference: string, status: string, expectedMs = 25_000) {
      const startedAt = Date.now();
      const deadline = hangGuardDeadline(expectedMs);
      for (;;) {
        const payment = await readPayment(reference);
        if (payment.status === status) {
          noteSlowWait(`${reference} ${status}`, expectedMs, startedAt);
          return payment;
        }
        const ended = FINAL_STATUSES.includes(payment.status);
        if (ended || Date.now() > deadline) {
          const reason = payment.failureReason ? ` (${String(payment.failureReason)})` : '';
          const waited = Date.now() - startedAt;
          throw new Error(
            `${reference}: expected ${status}, ${ended ? 'it ended' : `still after ${waited} ms it is`} ${payment.status}${reason}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    /** Status, journal entries, events, transitions and callbacks, in one database snapshot. */
    facts: (reference: string) => paymentFacts(stack.em(), reference),

    ledgerLines: (reference: string) => ledgerLinesForSource(stack.em(), 'payment', reference),

    /** Waits until `count` callbacks stored for the payment have a verdict; answers the facts then. */
    async processedCallbacks(reference: string, count: number) {
      await eventually(
        async () => (await h.facts(reference)).callbacks.filter((c) => c.outcome !== null).length >= count,
        20_000,
        `${count} processed callback(s) of ${reference}`,
      );
      return h.facts(reference);
    },

    /** The outcome webhooks (payment.succeeded/failed/cancelled/expired) the app got about a payment. */
    outcomeWebhooks: (reference: string) =>
      verifiedAbout(reference).filter((event) => OUTCOME_EVENTS.includes(event.type)),

    /** Waits for a verified webhook of `type` about `reference` (a payment's or a refund's). */
    webhook: (type: string, reference: string, timeoutMs = 20_000) =>
      receiver.verified(webhookSecret, type, reference, timeoutMs) as Promise<WebhookEvent>,

    async refundsOf(reference: string) {
      const listed = await stack.api('GET', `/api/v1/refunds?payment=${reference}`, { creds });
      return listed.body.data.items as Array<Record<string, any>>;
    },

    async readRefund(reference: string) {
      return (await stack.api('GET', `/api/v1/refunds/${reference}`, { creds })).body.data as Record<
        string,
        any
      >;
    },

    /** Finance's view of a refund (whether it waits for their confirmation). */
    async refundForFinance(reference: string) {
      const session = await finance();
      return (await session.call('GET', `/api/v1/admin/refunds/${reference}`)).body.data as
        Record<string, any> | undefined;
    },

    /** Finance confirms a refund it made in the gateway's merchant panel. */
    async confirmRefund(reference: string, note: string) {
      const session = await finance();
      return session.call('POST', `/api/v1/admin/refunds/${reference}/confirm`, {
        body: { outcome: 'SUCCEEDED', note },
      });
    },

    /** How the payment's attention flag was closed, if it was. */
    async attentionResolution(reference: string) {
      const [row] = await stack
        .em()
        .execute<Array<{ attention_resolution: string | null; attention_resolved_by: string | null }>>(
          'select attention_resolution, attention_resolved_by from payments where reference = ?',
          [reference],
        );
      return row;
    },

    async close() {
      await receiver.close();
      await stack.close();
    },
  };
  return h;
}

export type Harness = Awaited<ReturnType<typeof startContractHarness>>;
