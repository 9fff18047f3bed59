import { ledgerLinesForSource } from '../../db/ledger/ledger.js';
import type { HostedGateway } from './gateway-simulators.js';
import { enableGateways } from './picker.js';
import { paymentFacts } from './queries.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type ApiResponse,
  type Credentials,
  type Stack,
  type StackOptions,
} from './stack.js';

/**
 * End-to-end suites of one simulated gateway (bKash, Nagad, Stripe) through the real stack: an
 * app with its own credentials for the gateway, the customer's side driven over plain HTTP (the
 * hosted page's forms, the browser's way back to our return URL), and the facts read from the API,
 * the database and the app's webhook receiver.
 */

export type WebhookEvent = { id: string; type: string; data: Record<string, unknown> };

/** A form of a hosted page: where it posts and what it sends (hidden inputs and its button). */
interface PageForm {
  action: string;
  fields: Record<string, string>;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&#x27;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z_:-]+)="([^"]*)"/g)) found[match[1]!] = unescapeHtml(match[2]!);
  return found;
}

/** The POST forms of a server-rendered page, each with one submit button (the simulators' pages). */
export function postForms(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const form = attributes(match[1]!);
    if ((form.method ?? 'get').toLowerCase() !== 'post') continue;
    const fields: Record<string, string> = {};
    for (const control of match[2]!.matchAll(/<(input|button)\b([^>]*)>/g)) {
      const attrs = attributes(control[2]!);
      if (attrs.name !== undefined) fields[attrs.name] = attrs.value ?? '';
    }
    forms.push({ action: form.action ?? '', fields });
  }
  return forms;
}

/** A page as the customer's browser fetches it; anything but 200 is an error. */
export async function fetchPage(url: string): Promise<string> {
  const response = await fetch(url);
  const html = await response.text();
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${html.slice(0, 300)}`);
  return html;
}

/**
 * Submits the page's POST form whose `field` is `value`, as a browser would, without following
 * the answer: its status, where it sends the browser next (absolute, or null) and its body.
 */
export async function submitPageForm(pageUrl: string, field: string, value: string) {
  const html = await fetchPage(pageUrl);
  const form = postForms(html).find((candidate) => candidate.fields[field] === value);
  if (!form) throw new Error(`no form with ${field}=${value} on ${pageUrl}:\n${html.slice(0, 2000)}`);
  const url = new URL(form.action, pageUrl).toString();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form.fields).toString(),
    redirect: 'manual',
  });
  const body = await response.text();
  const location = response.headers.get('location');
  return {
    status: response.status,
    location: location === null ? null : new URL(location, url).toString(),
    body,
    url,
  };
}

/**
 * Moves a payment's deadline to `seconds` from now, before its checkout is opened (the workflow
 * takes its deadline from the payment when the customer first clicks).
 */
export async function moveDeadline(stack: Stack, reference: string, seconds: number): Promise<void> {
  await stack
    .em()
    .execute('update payments set expires_at = now() + make_interval(secs => ?) where reference = ?', [
      seconds,
      reference,
    ]);
}

export interface GatewayE2EOptions {
  /** Defaults for every payment this suite creates (currency and amount the gateway takes). */
  payment?: Record<string, unknown>;
  /** How the stack is started (e.g. activities wrapped to stage a race). */
  stack?: StackOptions;
  /**
   * The app's own settings for the gateway: manual's instructions, or credentials of a gateway the
   * suite serves elsewhere than the simulators (its address in `stack.gatewayAddresses`).
   */
  credentials?: Record<string, string>;
}

/**
 * Starts the stack, a webhook receiver and an app whose own credentials for `gateway` are saved
 * (as an operator would) and whose webhook endpoint is the receiver.
 */
export async function startGatewayE2E(gateway: HostedGateway | 'manual', options: GatewayE2EOptions = {}) {
  const stack: Stack = await startStack(options.stack);
  const receiver = await startWebhookReceiver();
  const registered = await stack.registerApp();
  const appId = registered.app.id;
  if (gateway === 'manual' || options.credentials) {
    await enableGateways(stack, appId, [{ name: gateway, credentials: options.credentials ?? {} }]);
  } else {
    await enableGateway(stack, appId, gateway);
  }
  const { secret: webhookSecret } = await stack.setWebhook(appId, receiver.url);
  const creds: Credentials = registered.test;
  const defaults = { gateway, ...options.payment };
  /** Where the gateway's hosted page may be: the simulators, or a gateway the suite serves itself. */
  const pageOrigins = [
    stack.gatewaySimulators.url,
    ...Object.values(options.stack?.gatewayAddresses ?? {}).map((address) => new URL(address).origin),
  ];

  const readPayment = async (reference: string) => {
    const response = await stack.api('GET', `/api/v1/payments/${reference}`, { creds });
    if (response.status !== 200) throw new Error(`read ${reference}: ${response.status}`);
    return response.body.data as Record<string, any>;
  };

  const webhooks = (type: string, source: string): WebhookEvent[] =>
    receiver.allVerified(webhookSecret).filter((event) => {
      const data = event.data as { reference?: string; paymentReference?: string };
      return event.type === type && (data.reference === source || data.paymentReference === source);
    });

  /** A GET of our API as the customer's browser makes it; the answer's redirect is not followed. */
  const browserGet = (url: string) => fetch(url, { redirect: 'manual' });

  const e2e = {
    gateway,
    stack,
    receiver,
    app: registered,
    appId,
    creds,
    webhookSecret,

    /** Calls the gateway simulator's control API (`/__simulator/...`). */
    control: <T = any>(method: string, route: string, body?: unknown) =>
      stack.gatewaySimulators.control<T>(gateway as HostedGateway, method, route, body),

    async createPayment(overrides: Record<string, unknown> = {}) {
      return stack.createPayment(creds, { ...defaults, ...overrides });
    },

    /**
     * Moves a payment's deadline to `seconds` from now, before its checkout is opened (the
     * workflow takes its deadline from the payment when the customer first clicks).
     */
    expireIn: (reference: string, seconds: number) => moveDeadline(stack, reference, seconds),

    /** The customer clicks Pay on our checkout: the 302 to the gateway's hosted page. */
    async openCheckout(reference: string): Promise<string> {
      const location = await stack.openCheckout(reference);
      if (!pageOrigins.some((origin) => location.startsWith(`${origin}/`))) {
        throw new Error(`checkout of ${reference} went to ${location}, not the ${gateway} page`);
      }
      return location;
    },

    /** The hosted page's HTML, as the browser fetches it. */
    hostedPage: fetchPage,

    /**
     * The customer picks `choice` on the gateway's hosted page: the form whose `choice` is the one
     * wanted is submitted as the browser would. Answers the gateway's answer: `location` is where
     * it sends the browser next (null when it stays on the gateway's page).
     */
    choose: (pageUrl: string, choice: string) => submitPageForm(pageUrl, 'choice', choice),

    /**
     * The browser arrives at our return URL (where the gateway sent it); our checkout stores what it
     * brings and sends it on to the checkout page. Answers that redirect.
     */
    async returnToCheckout(url: string): Promise<string> {
      if (!url.startsWith(`${stack.apiUrl}/checkout/`)) throw new Error(`not our return URL: ${url}`);
      const response = await browserGet(url);
      await response.arrayBuffer();
      const location = response.headers.get('location');
      if (response.status !== 302 || location === null) {
        throw new Error(`return ${url}: ${response.status} ${location ?? '(no location)'}`);
      }
      return location;
    },

    /** Open checkout, pick `choice` on the gateway's page, and follow the browser back to us. */
    async payAtGateway(reference: string, choice: string) {
      const pageUrl = await e2e.openCheckout(reference);
      const chosen = await e2e.choose(pageUrl, choice);
      const back = chosen.location ? await e2e.returnToCheckout(chosen.location) : null;
      return { pageUrl, chosen, back };
    },

    readPayment,

    async waitForStatus(reference: string, status: string, timeoutMs = 20_000) {
      return eventually(
        async () => {
          const payment = await readPayment(reference);
          return payment.status === status ? payment : null;
        },
        timeoutMs,
        `${reference} ${status}`,
      ).catch(async (error: unknown) => {
        const now = await readPayment(reference).catch(() => null);
        throw new Error(
          `${String(error)}; the payment is ${now?.status ?? 'unreadable'}` +
            `${now?.failureReason ? ` (${String(now.failureReason)})` : ''}`,
        );
      });
    },

    /** Status, journal entries, events, transitions and callbacks, in one snapshot of the database. */
    facts: (reference: string) => paymentFacts(stack.em(), reference),

    ledgerLines: (sourceType: 'payment' | 'refund', reference: string) =>
      ledgerLinesForSource(stack.em(), sourceType, reference),

    /** Waits until every callback stored for the payment has a verdict; answers the facts then. */
    async processedCallbacks(reference: string, count: number) {
      await eventually(
        async () => (await e2e.facts(reference)).callbacks.filter((c) => c.outcome !== null).length >= count,
        // A callback the sweeper hands over waits for its next pass: on a busy machine, tens of seconds.
        40_000,
        `${count} processed callback(s) of ${reference}`,
      );
      return e2e.facts(reference);
    },

    /** Every delivery of `type` about `source` so far whose signature verifies under the app's secret. */
    webhooks,

    /** Waits for a verified webhook of `type` about `source` (a payment's or a refund's reference). */
    webhook: (type: string, source: string, timeoutMs = 20_000) =>
      receiver.verified(webhookSecret, type, source, timeoutMs) as Promise<WebhookEvent>,

    async refund(reference: string, body: Record<string, unknown> = {}): Promise<ApiResponse> {
      return stack.api('POST', `/api/v1/payments/${reference}/refunds`, { creds, body });
    },

    async readRefund(reference: string) {
      return (await stack.api('GET', `/api/v1/refunds/${reference}`, { creds })).body.data as Record<
        string,
        any
      >;
    },

    async refundsOf(paymentReference: string) {
      const listed = await stack.api('GET', `/api/v1/refunds?payment=${paymentReference}`, { creds });
      return listed.body.data.items as Array<Record<string, any>>;
    },

    /** Waits until a refund leaves `from` (PROCESSING by default); answers it as it is then. */
    async settledRefund(reference: string, timeoutMs = 30_000, from = 'PROCESSING') {
      return eventually(
        async () => {
          const refund = await e2e.readRefund(reference);
          return refund.status !== from ? refund : null;
        },
        timeoutMs,
        `refund ${reference} past ${from}`,
      );
    },

    /** The gateway's id of a refund, and whether it waits for finance's confirmation. */
    async refundRow(reference: string) {
      const [row] = await stack
        .em()
        .execute<
          Array<{ gateway_refund_id: string | null; confirmation_requested_at: Date | null; status: string }>
        >('select gateway_refund_id, confirmation_requested_at, status from refunds where reference = ?', [
          reference,
        ]);
      return row;
    },

    /** A finance operator's session on the admin API (creating the operator once). */
    financeSession: (() => {
      let session: Promise<Awaited<ReturnType<Stack['adminLogin']>>> | null = null;
      return () => {
        session ??= stack
          .createOperator('FINANCE')
          .then((operator) => stack.adminLogin(operator.email, operator.password));
        return session;
      };
    })(),

    /**
     * Where a refund through a gateway without a refund API (refunds: 'MANUAL') stands once its
     * workflow has acted: waiting for finance (PROCESSING, confirmation requested) or finished.
     * Answers the operators' view of it.
     */
    async manualRefundState(reference: string, timeoutMs = 20_000) {
      const finance = await e2e.financeSession();
      return eventually(
        async () => {
          const response = await finance.call('GET', `/api/v1/admin/refunds/${reference}`);
          const refund = response.body.data as Record<string, any> | undefined;
          if (!refund) return null;
          return refund.status !== 'PROCESSING' || refund.awaitingConfirmation ? refund : null;
        },
        timeoutMs,
        `refund ${reference} waiting for finance or finished`,
      );
    },

    /** A second operator (an ADMIN, not the finance session's operator) on the admin API. */
    approverSession: (() => {
      let session: Promise<Awaited<ReturnType<Stack['adminLogin']>>> | null = null;
      return () => {
        session ??= stack
          .createOperator('ADMIN')
          .then((operator) => stack.adminLogin(operator.email, operator.password));
        return session;
      };
    })(),

    /** The second operator approves a refund waiting for one (its password asked again first). */
    async approveRefund(reference: string) {
      const approver = await e2e.approverSession();
      await approver.stepUp();
      return approver.call('POST', `/api/v1/admin/refunds/${reference}/approve`, {
        body: { comment: 'checked with the customer' },
      });
    },

    /** Finance confirms a refund it made in the gateway's merchant panel (the admin API). */
    async confirmRefund(
      reference: string,
      body: { outcome: 'SUCCEEDED' | 'FAILED'; gatewayRefundId?: string; note: string },
    ) {
      const finance = await e2e.financeSession();
      return finance.call('POST', `/api/v1/admin/refunds/${reference}/confirm`, { body });
    },

    async close() {
      await receiver.close();
      await stack.close();
    },
  };
  return e2e;
}

export type GatewayE2E = Awaited<ReturnType<typeof startGatewayE2E>>;

/** Saves an app's own TEST credentials for a simulated gateway, as an operator would. */
export async function enableGateway(stack: Stack, appId: number, gateway: HostedGateway): Promise<void> {
  await enableGateways(stack, appId, [gateway]);
}

/**
 * The FEE entry's lines a capture books: the gateway's fee out of its clearing account (none when
 * `feeMinor` is null: money paid outside a gateway).
 */
function feeLines(e2e: GatewayE2E, currency: string, feeMinor: number | null) {
  if (feeMinor === null) return [];
  return [
    { kind: 'FEE', accountCode: `gateway_fees:${e2e.gateway}:TEST:${currency}`, amountMinor: feeMinor },
    { kind: 'FEE', accountCode: `gateway_clearing:${e2e.gateway}:TEST:${currency}`, amountMinor: -feeMinor },
  ];
}

/**
 * What every successful payment must show: SUCCEEDED on the API with the gateway's transaction id
 * and payment method, exactly one CAPTURE journal entry (clearing → app payable) and the gateway's
 * fee (`feeMinor`: what it reported, else its fee schedule's), and exactly one verified
 * `payment.succeeded` webhook.
 */
export async function expectSettledOnce(
  e2e: GatewayE2E,
  payment: { id: number; reference: string },
  expected: {
    amountMinor: number;
    currency: string;
    paymentMethod: string | RegExp;
    feeMinor: number | null;
  },
) {
  const read = await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
  const byId = await e2e.readPayment(String(payment.id));
  expect(byId).toMatchObject({ reference: payment.reference, status: 'SUCCEEDED', gateway: e2e.gateway });
  expect(byId.gatewayTransactionId).toEqual(expect.any(String));
  expect(byId.gatewayTransactionId).not.toBe('');
  if (typeof expected.paymentMethod === 'string') expect(byId.paymentMethod).toBe(expected.paymentMethod);
  else expect(byId.paymentMethod).toMatch(expected.paymentMethod);

  const event = await e2e.webhook('payment.succeeded', payment.reference);
  expect(event.data).toMatchObject({
    reference: payment.reference,
    status: 'SUCCEEDED',
    gatewayTransactionId: byId.gatewayTransactionId,
    paymentMethod: byId.paymentMethod,
  });

  const facts = await e2e.facts(payment.reference);
  expect(facts.journalKinds).toEqual(expected.feeMinor === null ? ['CAPTURE'] : ['CAPTURE', 'FEE']);
  expect(facts.eventTypes).toEqual(['payment.succeeded']);
  expect(await e2e.ledgerLines('payment', payment.reference)).toEqual([
    {
      kind: 'CAPTURE',
      accountCode: `gateway_clearing:${e2e.gateway}:TEST:${expected.currency}`,
      amountMinor: expected.amountMinor,
    },
    {
      kind: 'CAPTURE',
      accountCode: `app_payable:${e2e.appId}:TEST:${expected.currency}`,
      amountMinor: -expected.amountMinor,
    },
    ...feeLines(e2e, expected.currency, expected.feeMinor),
  ]);
  return { read, event };
}

/**
 * Exactly one delivery of `type` about `reference` reached the app (checked again after every
 * callback has been handled, so a late second delivery is seen too). Receivers may dedupe on the
 * webhook-id, but a second HTTP delivery of an event already taken is still a second delivery.
 */
export async function expectDeliveredOnce(e2e: GatewayE2E, type: string, reference: string) {
  const event = await e2e.webhook(type, reference);
  // A duplicate, if the core sends one, follows within a moment (1.5 s) of the first delivery: the
  // moment is counted from when that delivery arrived, so the checks a test made since count too.
  const ids = new Set(e2e.webhooks(type, reference).map((seen) => seen.id));
  const firstArrival = Math.min(
    ...e2e.receiver.received
      .filter((delivery) => ids.has(String(delivery.headers['webhook-id'])))
      .map((delivery) => delivery.receivedAt),
  );
  const moment = Number.isFinite(firstArrival) ? firstArrival + 1_500 - Date.now() : 1_500;
  if (moment > 0) await new Promise((resolve) => setTimeout(resolve, moment));
  const deliveries = e2e.webhooks(type, reference);
  expect({ type, deliveries: deliveries.length }).toEqual({ type, deliveries: 1 });
  return event;
}

/**
 * A closed payment whose customer paid at the gateway afterwards: the money is parked as
 * unapplied, flagged for operators, and refunded in full by the service itself (LATE_CAPTURE).
 * Answers the late-capture refund as it is once it left PROCESSING (or as it waits, for a gateway
 * whose refunds finance confirms).
 */
export async function expectLateCaptureParked(
  e2e: GatewayE2E,
  reference: string,
  closedAs: string,
  amount: { amountMinor: number; currency: string; feeMinor: number | null },
) {
  const flagged = await eventually(
    async () => {
      const facts = await e2e.facts(reference);
      return facts.attentionReason ? facts : null;
    },
    20_000,
    `${reference} flagged after the late capture`,
  );
  expect(flagged.status).toBe(closedAs);
  expect(flagged.attentionReason).toMatch(/^CAPTURED_AFTER_CLOSE/);
  expect(flagged.journalKinds).toEqual(
    amount.feeMinor === null ? ['UNAPPLIED_CAPTURE'] : ['UNAPPLIED_CAPTURE', 'FEE'],
  );
  expect(flagged.callbacks).toEqual(
    expect.arrayContaining([expect.objectContaining({ outcome: 'CAPTURED_AFTER_CLOSE' })]),
  );
  expect(await e2e.ledgerLines('payment', reference)).toEqual([
    {
      kind: 'UNAPPLIED_CAPTURE',
      accountCode: `gateway_clearing:${e2e.gateway}:TEST:${amount.currency}`,
      amountMinor: amount.amountMinor,
    },
    {
      kind: 'UNAPPLIED_CAPTURE',
      accountCode: `unapplied_funds:TEST:${amount.currency}`,
      amountMinor: -amount.amountMinor,
    },
    ...feeLines(e2e, amount.currency, amount.feeMinor),
  ]);
  const refunds = await eventually(async () => {
    const items = await e2e.refundsOf(reference);
    return items.length > 0 ? items : null;
  });
  expect(refunds).toEqual([
    expect.objectContaining({
      reason: 'LATE_CAPTURE',
      funds: 'UNAPPLIED',
      amountMinor: amount.amountMinor,
      currency: amount.currency,
    }),
  ]);
  return refunds[0]!;
}

/** Parked money refunded: the payment keeps its closed status and its attention flag is closed. */
export async function expectLateCaptureRefunded(e2e: GatewayE2E, reference: string, closedAs: string) {
  const facts = await e2e.facts(reference);
  expect(facts.status).toBe(closedAs);
  const [flag] = await e2e.stack
    .em()
    .execute<Array<{ attention_resolution: string | null; attention_resolved_by: string | null }>>(
      'select attention_resolution, attention_resolved_by from payments where reference = ?',
      [reference],
    );
  expect(flag).toEqual({ attention_resolution: 'REFUNDED', attention_resolved_by: 'SYSTEM' });
}

/** A payment closed without money: its one event, verified, and no ledger entry. Returns its facts. */
export async function expectClosedWithoutMoney(
  e2e: GatewayE2E,
  reference: string,
  status: 'FAILED' | 'CANCELLED' | 'EXPIRED',
  type: string,
) {
  const event = await expectDeliveredOnce(e2e, type, reference);
  expect(event.data).toMatchObject({ reference, status });
  const facts = await e2e.facts(reference);
  expect(facts.journalKinds).toEqual([]);
  return facts;
}

/** An opened checkout nobody pays is EXPIRED at its deadline (after the gateway is asked once more). */
export async function expectExpiryAtDeadline(e2e: GatewayE2E): Promise<{ pageUrl: string }> {
  const payment = await e2e.createPayment();
  // The deadline leaves the click time on a loaded machine; the click itself is proven by the
  // status history below (PENDING before EXPIRED), not by a read racing the deadline.
  await e2e.expireIn(payment.reference, 10);
  const pageUrl = await e2e.openCheckout(payment.reference);

  await e2e.waitForStatus(payment.reference, 'EXPIRED', 20_000);
  const facts = await expectClosedWithoutMoney(e2e, payment.reference, 'EXPIRED', 'payment.expired');
  expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'EXPIRED']);
  return { pageUrl };
}
