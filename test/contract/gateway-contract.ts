import { eventually } from '../helpers/eventually.js';
import {
  CAPTURE_KINDS,
  OUTCOME_EVENTS,
  startContractHarness,
  type ContractGateway,
  type Harness,
} from './harness.js';

/**
 * The contract every checkout gateway keeps, run against its simulator through the real stack:
 * whatever the customer does and whatever the gateway gets wrong, the payment ends in the right
 * state, with at most one journal entry of captured money (exactly one when money was taken), and
 * the app hears the outcome exactly once, in a webhook that verifies with `standardwebhooks`.
 *
 * Each gateway gives a small driver: which choice on its hosted page reaches each outcome, and how
 * to arm each fault its simulator knows. A scenario that does not apply to a gateway is skipped
 * only by an explicit `{ notApplicable: 'because…' }` in its driver; the reason is in the test's
 * name. Scenarios whose faults are scoped to one payment run at once; those whose faults are global
 * to a simulator (outages, token expiry) run afterwards, one at a time.
 */

/** A scenario the gateway cannot have, and why. */
export interface NotApplicable {
  notApplicable: string;
}

export type Entry<T> = T | NotApplicable;

/** A payment whose checkout is open at the gateway: our reference and the hosted page's URL. */
export interface OpenPayment {
  reference: string;
  pageUrl: string;
}

/** The way back to our return URL the browser took (so it can be taken again). */
export type BrowserReturn = NonNullable<ReturnType<Harness['returnOf']>>;

export interface PageChoice {
  /** The value of the page's choice field that makes the customer do this. */
  choice: string;
}

export interface DelayedPayment extends PageChoice {
  /** Keeps the bank's answer back until `settle` (so nothing decides it early on a slow machine). */
  arm?(h: Harness, reference: string): Promise<void>;
  /** The bank's answer to the delayed method arrives (now, rather than when it falls due). */
  settle(h: Harness, payment: OpenPayment): Promise<void>;
}

export interface LostResponse {
  /** Makes the gateway's answer (or its only notification) to this payment go missing. */
  arm(h: Harness, reference: string): Promise<void>;
  /** Whether the customer's browser still comes back (else nothing but our own asking tells us). */
  customerReturns: boolean;
  /** Checks at the gateway that the money was taken once, whatever was lost. */
  check?(h: Harness, payment: OpenPayment): Promise<void>;
}

export interface ForgedCallback {
  /**
   * Sends callbacks that claim the victim paid, which it did not. `openVictim` creates the victim
   * and opens its checkout (with a short deadline): call it once whatever the forgery needs (another
   * customer's real payment) is in place. Answers how many callbacks were stored for the victim.
   */
  forge(
    h: Harness,
    openVictim: () => Promise<OpenPayment>,
  ): Promise<{ victim: OpenPayment; callbacks: number }>;
}

export interface LyingCallback {
  /** Makes the gateway's own callback for this payment claim success whatever the customer did. */
  arm(h: Harness, reference: string): Promise<void>;
  /** What the customer really does on the page: cancel. */
  choice: string;
  /** Whether the browser's way back claims success (so the lie is really told). */
  claimsSuccess(back: BrowserReturn): boolean;
}

export interface CaptureUnavailableOnce {
  /**
   * Makes the one call of ours that confirms (or captures) this payment answer 503 once, after
   * the customer paid; every other call, and that call made again, goes through.
   */
  arm(h: Harness, reference: string): Promise<void>;
  /** Checks at the gateway that the failure did strike (the one-off fault was spent). */
  check(h: Harness, payment: OpenPayment): Promise<void>;
}

export interface ForgedReturnFirst {
  /**
   * Before the customer approves: someone sends our return URL a browser return naming this
   * payment (and its real session where the gateway's return carries one) that claims success.
   * Answers how many callbacks were stored for the payment.
   */
  forge(h: Harness, payment: OpenPayment): Promise<{ callbacks: number }>;
}

export interface DuplicateCallback {
  /** A fault that makes the gateway notify twice, set before the customer pays. */
  arm?(h: Harness, reference: string): Promise<void>;
  /** After the customer paid and came back: the same callback or webhook arrives again. */
  repeat(h: Harness, payment: OpenPayment, back: BrowserReturn): Promise<void>;
}

export interface OutOfOrder {
  /** The customer pays; the gateway's notifications about it arrive in an order they did not happen in. */
  run(h: Harness, payment: OpenPayment): Promise<void>;
}

export interface AmountMismatch {
  /** The gateway captures the order's amount plus `deltaMinor` for this payment. */
  arm(h: Harness, reference: string, deltaMinor: number): Promise<void>;
}

export interface Outage {
  /** Takes away the API(s) our confirmation needs for `forMs` (global to the simulator). */
  arm(h: Harness, forMs: number): Promise<void>;
  end(h: Harness): Promise<void>;
}

export interface ExpiredToken {
  /** Every access token the gateway issued is refused from now on (global to the simulator). */
  expire(h: Harness): Promise<void>;
}

export interface GatewayDriver {
  gateway: ContractGateway;
  displayName: string;
  /** The currency and amount of every payment the suite makes. */
  payment: { currency: string; amountMinor: number };
  /** The name of the hosted page's form field that carries the customer's choice. */
  choiceField: string;
  /** The choice that pays. */
  success: string;
  failure: Entry<PageChoice>;
  cancel: Entry<PageChoice>;
  insufficientBalance: Entry<PageChoice>;
  /** What a customer who gives up does on the page (close it), if the page has it. */
  abandonment: Entry<Partial<PageChoice>>;
  asyncSuccess: Entry<DelayedPayment>;
  asyncFailure: Entry<DelayedPayment>;
  /** API: the gateway refunds it; FINANCE: finance refunds it in the merchant panel and confirms. */
  lateSuccess: Entry<{ refunds: 'API' | 'FINANCE' }>;
  lostResponse: Entry<LostResponse>;
  forgedCallback: Entry<ForgedCallback>;
  lyingCallback: Entry<LyingCallback>;
  captureUnavailableOnce: Entry<CaptureUnavailableOnce>;
  forgedReturnFirst: Entry<ForgedReturnFirst>;
  duplicateCallback: Entry<DuplicateCallback>;
  outOfOrder: Entry<OutOfOrder>;
  amountMismatch: Entry<AmountMismatch>;
  outage: Entry<Outage>;
  expiredToken: Entry<ExpiredToken>;
}

type ScenarioKey = Exclude<
  keyof GatewayDriver,
  'gateway' | 'displayName' | 'payment' | 'choiceField' | 'success'
>;

export function isNotApplicable(entry: unknown): entry is NotApplicable {
  return typeof entry === 'object' && entry !== null && 'notApplicable' in entry;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Short deadlines keep the suite quick; long enough for a checkout to open under load. */
const SHORT_DEADLINE_SECONDS = 8;
/**
 * A deadline the customer must beat: opening the gateway's page and paying there takes several
 * seconds on a loaded machine, and a payment made after it is a late success, not a lost response.
 */
const PAY_BEFORE_DEADLINE_SECONDS = 20;
/** How long a duplicate delivery may trail the first (the core would send it within a moment). */
const DUPLICATE_GRACE_MS = 1_500;
const OUTAGE_MS = 3_000;

interface Expected {
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';
  /** The one journal entry of captured money, or null for none. */
  money: 'CAPTURE' | 'UNAPPLIED_CAPTURE' | null;
  /** Its amount, when not the payment's. */
  moneyMinor?: number;
  /** The outcome webhook the app gets exactly once, or null for none. */
  webhook: string | null;
  /** Why the payment is flagged for operators; unflagged when absent. */
  attention?: RegExp;
}

/**
 * The contract's check of one payment's end: its status on the app API (waited for, then read again
 * once duplicates have had time to arrive), its journal entries of captured money, its outcome
 * events, and the outcome webhooks the app received, each verified with `standardwebhooks`.
 */
export async function expectOutcome(h: Harness, reference: string, expected: Expected) {
  await h.waitForStatus(reference, expected.status);
  if (expected.webhook) await h.webhook(expected.webhook, reference);
  if (expected.attention) {
    await eventually(async () => (await h.facts(reference)).attentionReason, 20_000, `${reference} flagged`);
  }
  await sleep(DUPLICATE_GRACE_MS);

  const read = await h.readPayment(reference);
  const facts = await h.facts(reference);
  const one = (value: string | null) => (value === null ? [] : [value]);
  expect({
    status: read.status,
    capturedMoneyEntries: facts.journalKinds.filter((kind) => CAPTURE_KINDS.includes(kind)),
    outcomeEvents: facts.eventTypes.filter((type) => OUTCOME_EVENTS.includes(type)),
    verifiedOutcomeWebhooks: h.outcomeWebhooks(reference).map((event) => event.type),
  }).toEqual({
    status: expected.status,
    capturedMoneyEntries: one(expected.money),
    outcomeEvents: one(expected.webhook),
    verifiedOutcomeWebhooks: one(expected.webhook),
  });

  if (expected.attention) expect(facts.attentionReason).toMatch(expected.attention);
  else expect(facts.attentionReason).toBeNull();

  if (expected.money) {
    const amountMinor = expected.moneyMinor ?? h.payment.amountMinor;
    const { currency } = h.payment;
    const counterpart =
      expected.money === 'CAPTURE'
        ? `app_payable:${h.appId}:TEST:${currency}`
        : `unapplied_funds:TEST:${currency}`;
    const lines = (await h.ledgerLines(reference)).filter((line) => line.kind === expected.money);
    expect(lines).toEqual([
      { kind: expected.money, accountCode: `gateway_clearing:${h.gateway}:TEST:${currency}`, amountMinor },
      { kind: expected.money, accountCode: counterpart, amountMinor: -amountMinor },
    ]);
  }
  if (expected.status === 'SUCCEEDED') expect(read.gatewayTransactionId).toEqual(expect.any(String));
  return { read, facts };
}

/**
 * A payment with its checkout opened at the gateway; `deadlineSeconds` shortens its expiry. The
 * deadline runs from before the customer's click, and on a loaded machine the click can outlast a
 * short one: the payment is over before its page opens, and proves nothing. A fresh payment is
 * then taken with twice the deadline, up to 16 times the one asked for.
 */
async function openPayment(
  h: Harness,
  deadlineSeconds?: number,
): Promise<OpenPayment & { openUntil: number | null }> {
  for (let seconds = deadlineSeconds; ; seconds = seconds === undefined ? undefined : seconds * 2) {
    const payment = await h.createPayment();
    const shortenedAt = Date.now();
    if (seconds !== undefined) await h.expireIn(payment.reference, seconds);
    try {
      const pageUrl = await h.openCheckout(payment.reference);
      // Until then (on this clock) the shortened deadline has certainly not passed.
      const openUntil = seconds === undefined ? null : shortenedAt + seconds * 1_000;
      return { reference: payment.reference, pageUrl, openUntil };
    } catch (error) {
      const missed = seconds !== undefined && Date.now() - shortenedAt >= seconds * 1_000;
      if (!missed || seconds! >= 16 * deadlineSeconds!) throw error;
    }
  }
}

/** The customer picks `choice` on the hosted page, and the browser comes back to us. */
async function chooseAndReturn(h: Harness, driver: GatewayDriver, payment: OpenPayment, choice: string) {
  const answer = await h.choose(payment.pageUrl, driver.choiceField, choice);
  return h.comeBack(answer);
}

/** Nothing decided yet: the payment is PENDING, holds no money, and the app heard nothing. */
async function expectUndecided(h: Harness, reference: string) {
  const facts = await h.facts(reference);
  expect({
    status: facts.status,
    journal: facts.journalKinds,
    events: facts.eventTypes,
    webhooks: h.outcomeWebhooks(reference).map((event) => event.type),
  }).toEqual({ status: 'PENDING', journal: [], events: [], webhooks: [] });
  return facts;
}

type Run<T> = (h: Harness, driver: GatewayDriver, entry: T) => Promise<void>;

interface Scenario<K extends ScenarioKey> {
  key: K;
  title: string;
  /** global: its fault affects every payment at the simulator, so it runs alone. */
  scope: 'payment' | 'global';
  run: Run<Exclude<GatewayDriver[K], NotApplicable>>;
}

/** A scenario of any key, run with its driver's entry for that key. */
interface AnyScenario {
  key: ScenarioKey;
  title: string;
  scope: 'payment' | 'global';
  run: Run<never>;
}

/** Checks a scenario's run against its key's driver entry, then lists it with the others. */
const scenario = <K extends ScenarioKey>(definition: Scenario<K>): AnyScenario =>
  definition as unknown as AnyScenario;

const outcomeByChoice =
  (status: 'FAILED' | 'CANCELLED', webhook: string): Run<PageChoice> =>
  async (h, driver, entry) => {
    const payment = await openPayment(h);
    expect((await h.readPayment(payment.reference)).status).toBe('PENDING');
    await chooseAndReturn(h, driver, payment, entry.choice);
    const { facts } = await expectOutcome(h, payment.reference, { status, money: null, webhook });
    expect(facts.transitions).toEqual(['CREATED', 'PENDING', status]);
  };

const delayed =
  (status: 'SUCCEEDED' | 'FAILED'): Run<DelayedPayment> =>
  async (h, driver, entry) => {
    const created = await h.createPayment();
    await entry.arm?.(h, created.reference);
    const payment = { reference: created.reference, pageUrl: await h.openCheckout(created.reference) };
    await chooseAndReturn(h, driver, payment, entry.choice);
    // The gateway has told us (its notification, the browser's return): nothing is decided yet.
    await h.processedCallbacks(payment.reference, 1);
    await expectUndecided(h, payment.reference);
    await entry.settle(h, payment);
    await expectOutcome(h, payment.reference, {
      status,
      money: status === 'SUCCEEDED' ? 'CAPTURE' : null,
      webhook: status === 'SUCCEEDED' ? 'payment.succeeded' : 'payment.failed',
    });
  };

const SCENARIOS: AnyScenario[] = [
  scenario({
    key: 'failure',
    title: 'failure: the payment fails at the gateway → FAILED, no money, one payment.failed',
    scope: 'payment',
    run: outcomeByChoice('FAILED', 'payment.failed'),
  }),
  scenario({
    key: 'cancel',
    title: 'cancel: the customer cancels at the gateway → CANCELLED, no money, one payment.cancelled',
    scope: 'payment',
    run: outcomeByChoice('CANCELLED', 'payment.cancelled'),
  }),
  scenario({
    key: 'insufficientBalance',
    title: 'insufficient balance → FAILED, no money, one payment.failed',
    scope: 'payment',
    run: outcomeByChoice('FAILED', 'payment.failed'),
  }),
  scenario({
    key: 'abandonment',
    title:
      'abandonment: the customer never finishes → EXPIRED at our deadline, no money, one payment.expired',
    scope: 'payment',
    run: async (h, driver, entry) => {
      // A customer who leaves the gateway's page must reach it before the deadline for it to count.
      const payment = await openPayment(
        h,
        entry.choice ? PAY_BEFORE_DEADLINE_SECONDS : SHORT_DEADLINE_SECONDS,
      );
      if (entry.choice) {
        const answer = await h.choose(payment.pageUrl, driver.choiceField, entry.choice);
        expect(h.returnOf(answer)).toBeNull();
      }
      // Read (answered) before its deadline, the payment is still open; a loaded machine can get
      // here only after it, when it may already have expired (its transitions below show PENDING).
      const { status } = await h.readPayment(payment.reference);
      if (Date.now() < payment.openUntil!) expect(status).toBe('PENDING');
      else expect(['PENDING', 'EXPIRED']).toContain(status);
      const { facts } = await expectOutcome(h, payment.reference, {
        status: 'EXPIRED',
        money: null,
        webhook: 'payment.expired',
      });
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'EXPIRED']);
    },
  }),
  scenario({
    key: 'asyncSuccess',
    title:
      'async success: a delayed method clears → PENDING, then SUCCEEDED, one CAPTURE, one payment.succeeded',
    scope: 'payment',
    run: delayed('SUCCEEDED'),
  }),
  scenario({
    key: 'asyncFailure',
    title: 'async failure: a delayed method bounces → PENDING, then FAILED, no money, one payment.failed',
    scope: 'payment',
    run: delayed('FAILED'),
  }),
  scenario({
    key: 'lateSuccess',
    title:
      'late success after expiry → stays EXPIRED, the money parked unapplied and refunded automatically (LATE_CAPTURE)',
    scope: 'payment',
    run: async (h, driver, entry) => {
      const payment = await openPayment(h, SHORT_DEADLINE_SECONDS);
      await h.waitForStatus(payment.reference, 'EXPIRED');
      await h.webhook('payment.expired', payment.reference);
      // The customer was still on the gateway's page: they pay, and their browser comes back late.
      await chooseAndReturn(h, driver, payment, driver.success);

      const { facts } = await expectOutcome(h, payment.reference, {
        status: 'EXPIRED',
        money: 'UNAPPLIED_CAPTURE',
        webhook: 'payment.expired',
        attention: /^CAPTURED_AFTER_CLOSE/,
      });
      expect(facts.callbacks).toEqual(
        expect.arrayContaining([expect.objectContaining({ outcome: 'CAPTURED_AFTER_CLOSE' })]),
      );
      const refunds = await eventually(async () => {
        const items = await h.refundsOf(payment.reference);
        return items.length > 0 ? items : null;
      });
      expect(refunds).toEqual([
        expect.objectContaining({
          reason: 'LATE_CAPTURE',
          funds: 'UNAPPLIED',
          amountMinor: h.payment.amountMinor,
          currency: h.payment.currency,
        }),
      ]);
      const refund = refunds[0]!.reference as string;
      if (entry.refunds === 'FINANCE') {
        // No refund API: the refund waits for finance, who pay it back in the merchant panel.
        const waiting = await eventually(
          async () => ((await h.refundForFinance(refund))?.awaitingConfirmation ? true : null),
          20_000,
          `refund ${refund} waiting for finance`,
        );
        expect(waiting).toBe(true);
        expect((await h.confirmRefund(refund, 'Refunded from the merchant panel')).status).toBe(200);
      }
      const settled = await eventually(
        async () => {
          const read = await h.readRefund(refund);
          return read.status !== 'PROCESSING' ? read : null;
        },
        30_000,
        `refund ${refund} settled`,
      );
      expect(settled).toMatchObject({ status: 'SUCCEEDED', reason: 'LATE_CAPTURE', funds: 'UNAPPLIED' });
      await h.webhook('refund.succeeded', refund);
      expect(await h.attentionResolution(payment.reference)).toEqual({
        attention_resolution: 'REFUNDED',
        attention_resolved_by: 'SYSTEM',
      });
      // The app was told its payment expired, and never that it succeeded.
      const final = await h.facts(payment.reference);
      expect({ status: final.status, events: final.eventTypes }).toEqual({
        status: 'EXPIRED',
        events: ['payment.expired'],
      });
      expect(h.outcomeWebhooks(payment.reference).map((event) => event.type)).toEqual(['payment.expired']);
    },
  }),
  scenario({
    key: 'lostResponse',
    title:
      "lost response: the gateway's answer or notification is lost → recovered by asking the gateway, SUCCEEDED once",
    scope: 'payment',
    run: async (h, driver, entry) => {
      // Recovery may wait for our own last question to the gateway, at the deadline. A customer
      // who paid after it (a loaded machine) made a late success, not this scenario: a fresh
      // payment is taken with twice the deadline.
      const paidInTime = async (seconds: number) => {
        const payment = await h.createPayment();
        await h.expireIn(payment.reference, seconds);
        const deadline = Date.now() + seconds * 1_000;
        await entry.arm(h, payment.reference);
        const pageUrl = await h.openCheckout(payment.reference).catch((error: unknown) => {
          if (Date.now() < deadline) throw error;
          return null;
        });
        const answer = pageUrl && (await h.choose(pageUrl, driver.choiceField, driver.success));
        return answer && Date.now() < deadline
          ? { payment, open: { reference: payment.reference, pageUrl: pageUrl! }, answer }
          : null;
      };
      let paid = null;
      for (let seconds = PAY_BEFORE_DEADLINE_SECONDS; !paid; seconds *= 2) {
        if (seconds > 16 * PAY_BEFORE_DEADLINE_SECONDS)
          throw new Error(
            'no customer paid before the deadline, up to 16 times the usual: the machine is stalled',
          );
        paid = await paidInTime(seconds);
      }
      const { payment, open, answer } = paid;
      if (entry.customerReturns) await h.comeBack(answer);
      const { facts } = await expectOutcome(h, payment.reference, {
        status: 'SUCCEEDED',
        money: 'CAPTURE',
        webhook: 'payment.succeeded',
      });
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
      await entry.check?.(h, open);
    },
  }),
  scenario({
    key: 'forgedCallback',
    title:
      'forged callback: claims that an unpaid payment was paid change nothing → PENDING, then EXPIRED, no money',
    scope: 'payment',
    run: async (h, _driver, entry) => {
      const { victim, callbacks } = await entry.forge(h, () => openPayment(h, SHORT_DEADLINE_SECONDS));
      const processed = await h.processedCallbacks(victim.reference, callbacks);
      // Refused, or not confirmed by the gateway. On a loaded machine the deadline can close the
      // payment before a claim arrives: it is then stored unchecked as NO_CHANGE, naming why.
      for (const callback of processed.callbacks) {
        if (callback.outcome === 'NO_CHANGE') expect(callback.outcome_reason).toMatch(/^payment is EXPIRED:/);
        else expect(['REJECTED', 'UNCONFIRMED']).toContain(callback.outcome);
      }
      // Judged before the deadline (as they nearly always are): nothing moved.
      if (processed.status === 'PENDING') {
        expect({ journal: processed.journalKinds, events: processed.eventTypes }).toEqual({
          journal: [],
          events: [],
        });
      }
      await expectOutcome(h, victim.reference, {
        status: 'EXPIRED',
        money: null,
        webhook: 'payment.expired',
      });
      expect(await h.refundsOf(victim.reference)).toEqual([]);
    },
  }),
  scenario({
    key: 'lyingCallback',
    title:
      "lying callback: the gateway's callback claims success after the customer cancelled → CANCELLED, never SUCCEEDED",
    scope: 'payment',
    run: async (h, driver, entry) => {
      const payment = await h.createPayment();
      await entry.arm(h, payment.reference);
      const open = { reference: payment.reference, pageUrl: await h.openCheckout(payment.reference) };
      const back = await chooseAndReturn(h, driver, open, entry.choice);
      expect(entry.claimsSuccess(back)).toBe(true);
      const { facts } = await expectOutcome(h, payment.reference, {
        status: 'CANCELLED',
        money: null,
        webhook: 'payment.cancelled',
      });
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'CANCELLED']);
    },
  }),
  scenario({
    key: 'captureUnavailableOnce',
    title:
      'capture fails once: the call that confirms the payment answers 503 once → SUCCEEDED, one CAPTURE, one payment.succeeded',
    scope: 'payment',
    run: async (h, driver, entry) => {
      // The payment's window stays long: the sale is saved by asking again, not at the deadline.
      const payment = await h.createPayment();
      await entry.arm(h, payment.reference);
      const open = { reference: payment.reference, pageUrl: await h.openCheckout(payment.reference) };
      await chooseAndReturn(h, driver, open, driver.success);
      const { facts } = await expectOutcome(h, payment.reference, {
        status: 'SUCCEEDED',
        money: 'CAPTURE',
        webhook: 'payment.succeeded',
      });
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
      await entry.check(h, open);
    },
  }),
  scenario({
    key: 'forgedReturnFirst',
    title:
      'forged return first: a forged success return before the customer pays does not spoil the genuine one → SUCCEEDED once',
    scope: 'payment',
    run: async (h, driver, entry) => {
      const payment = await openPayment(h);
      const { callbacks } = await entry.forge(h, payment);
      const processed = await h.processedCallbacks(payment.reference, callbacks);
      // Refused, or not confirmed by the gateway. On a loaded machine the deadline can close the
      // payment before a claim arrives: it is then stored unchecked as NO_CHANGE, naming why.
      for (const callback of processed.callbacks) {
        if (callback.outcome === 'NO_CHANGE') expect(callback.outcome_reason).toMatch(/^payment is EXPIRED:/);
        else expect(['REJECTED', 'UNCONFIRMED']).toContain(callback.outcome);
      }
      await expectUndecided(h, payment.reference);
      // Now the customer really pays, and their browser comes back.
      await chooseAndReturn(h, driver, payment, driver.success);
      const { facts } = await expectOutcome(h, payment.reference, {
        status: 'SUCCEEDED',
        money: 'CAPTURE',
        webhook: 'payment.succeeded',
      });
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
    },
  }),
  scenario({
    key: 'duplicateCallback',
    title: 'duplicate callback or webhook → one transition, one CAPTURE, one payment.succeeded',
    scope: 'payment',
    run: async (h, driver, entry) => {
      const payment = await h.createPayment();
      await entry.arm?.(h, payment.reference);
      const open = { reference: payment.reference, pageUrl: await h.openCheckout(payment.reference) };
      const back = await chooseAndReturn(h, driver, open, driver.success);
      await h.waitForStatus(payment.reference, 'SUCCEEDED');
      await entry.repeat(h, open, back);
      const { facts } = await expectOutcome(h, payment.reference, {
        status: 'SUCCEEDED',
        money: 'CAPTURE',
        webhook: 'payment.succeeded',
      });
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
      expect(facts.callbacks.filter((callback) => callback.outcome === 'SUCCEEDED')).toHaveLength(1);
    },
  }),
  scenario({
    key: 'outOfOrder',
    title: 'out-of-order webhooks → SUCCEEDED once, one CAPTURE, one payment.succeeded',
    scope: 'payment',
    run: async (h, _driver, entry) => {
      const payment = await openPayment(h);
      await entry.run(h, payment);
      const { facts } = await expectOutcome(h, payment.reference, {
        status: 'SUCCEEDED',
        money: 'CAPTURE',
        webhook: 'payment.succeeded',
      });
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
    },
  }),
  scenario({
    key: 'amountMismatch',
    title:
      'amount mismatch: the gateway captured another amount → never SUCCEEDED: FAILED, flagged, money parked, one payment.failed',
    scope: 'payment',
    run: async (h, driver, entry) => {
      const deltaMinor = -100;
      const payment = await h.createPayment();
      await entry.arm(h, payment.reference, deltaMinor);
      const open = { reference: payment.reference, pageUrl: await h.openCheckout(payment.reference) };
      await chooseAndReturn(h, driver, open, driver.success);
      const { read, facts } = await expectOutcome(h, payment.reference, {
        status: 'FAILED',
        money: 'UNAPPLIED_CAPTURE',
        moneyMinor: h.payment.amountMinor + deltaMinor,
        webhook: 'payment.failed',
        attention: /^AMOUNT_MISMATCH/,
      });
      expect(read.failureReason).toMatch(/^AMOUNT_MISMATCH/);
      expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'FAILED']);
      expect(h.outcomeWebhooks(payment.reference).some((e) => e.type === 'payment.succeeded')).toBe(false);
    },
  }),
  scenario({
    key: 'outage',
    title: 'gateway outage during confirmation → PENDING while it lasts, SUCCEEDED once the gateway is back',
    scope: 'global',
    run: async (h, driver, entry) => {
      const payment = await openPayment(h);
      const armedAt = Date.now();
      await entry.arm(h, OUTAGE_MS);
      try {
        // The page stays up; its notification (if any) and the browser's return reach us at once.
        await chooseAndReturn(h, driver, payment, driver.success);
        await sleep(1_000);
        if (Date.now() - armedAt < OUTAGE_MS - 300) await expectUndecided(h, payment.reference);
        const { read, facts } = await expectOutcome(h, payment.reference, {
          status: 'SUCCEEDED',
          money: 'CAPTURE',
          webhook: 'payment.succeeded',
        });
        expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
        // Settled only once the gateway was back: the outage did hold the confirmation up.
        expect(Date.parse(read.settledAt)).toBeGreaterThanOrEqual(armedAt + OUTAGE_MS);
      } finally {
        await entry.end(h);
      }
    },
  }),
  scenario({
    key: 'expiredToken',
    title: 'expired token: the gateway refuses our cached token → re-granted transparently, SUCCEEDED once',
    scope: 'global',
    run: async (h, driver, entry) => {
      const payment = await openPayment(h);
      const answer = await h.choose(payment.pageUrl, driver.choiceField, driver.success);
      await entry.expire(h);
      await h.comeBack(answer);
      await expectOutcome(h, payment.reference, {
        status: 'SUCCEEDED',
        money: 'CAPTURE',
        webhook: 'payment.succeeded',
      });
    },
  }),
];

const SUCCESS_TITLE = 'success: paid at the gateway → SUCCEEDED, one CAPTURE, one payment.succeeded';

async function success(h: Harness, driver: GatewayDriver) {
  const payment = await openPayment(h);
  expect((await h.readPayment(payment.reference)).status).toBe('PENDING');
  await chooseAndReturn(h, driver, payment, driver.success);
  const { facts } = await expectOutcome(h, payment.reference, {
    status: 'SUCCEEDED',
    money: 'CAPTURE',
    webhook: 'payment.succeeded',
  });
  expect(facts.transitions).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
}

/**
 * The contract suite for one gateway: one stack for the file; scenarios scoped to one payment
 * started together as soon as the stack is up, global ones after them, one at a time.
 */
export function describeGatewayContract(driver: GatewayDriver): void {
  describe(`${driver.displayName} gateway contract`, () => {
    let h: Harness;
    const runs = new Map<string, Promise<void>>();
    /** A scenario started with the others: its test awaits it. */
    const started = (key: string): Promise<void> => {
      const run = runs.get(key);
      if (!run) throw new Error(`scenario ${key} was not started (did the stack start?)`);
      return run;
    };

    beforeAll(async () => {
      h = await startContractHarness(driver.gateway, { payment: driver.payment });
      runs.set('success', success(h, driver));
      for (const scenario of SCENARIOS) {
        const entry = driver[scenario.key];
        if (scenario.scope !== 'payment' || isNotApplicable(entry)) continue;
        runs.set(scenario.key, scenario.run(h, driver, entry as never));
      }
      // Each run is awaited by its own test; this only keeps an early failure from going unhandled.
      for (const run of runs.values()) run.catch(() => undefined);
    }, 60_000);

    afterAll(async () => {
      await Promise.allSettled(runs.values());
      await h?.close();
    });

    it(SUCCESS_TITLE, () => started('success'), 60_000);

    for (const scenario of SCENARIOS.filter((s) => s.scope === 'payment')) {
      const entry = driver[scenario.key];
      if (isNotApplicable(entry)) {
        it.skip(`${scenario.title} — not applicable: ${entry.notApplicable}`, () => undefined);
      } else {
        it(scenario.title, () => started(scenario.key), 60_000);
      }
    }

    describe('faults global to the simulator, one at a time', () => {
      for (const scenario of SCENARIOS.filter((s) => s.scope === 'global')) {
        const entry = driver[scenario.key];
        if (isNotApplicable(entry)) {
          it.skip(`${scenario.title} — not applicable: ${entry.notApplicable}`, () => undefined);
        } else {
          it(
            scenario.title,
            async () => {
              // Nothing scoped to one payment may still be in flight when a global fault is armed.
              await Promise.allSettled(runs.values());
              await scenario.run(h, driver, entry as never);
            },
            60_000,
          );
        }
      }
    });
  });
}
