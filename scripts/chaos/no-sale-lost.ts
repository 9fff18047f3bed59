import { randomUUID } from 'node:crypto';
import { signIpn } from '../../gateways/sslcommerz/protocol.js';
import { Refused, retrying, transient } from './driver.js';

/**
 * The two ways a customer's approved payment could be lost at the gateway, on every gateway, while
 * the rest of the chaos runs: the one call of ours that confirms (captures) the payment fails once
 * (a 503; everything else up), and a forged browser return claiming success reaches our return URL
 * before the customer pays. Either way the customer pays, and the payment must end SUCCEEDED.
 */

export const NO_SALE_LOST_CASES = ['captureFailsOnce', 'forgedReturnFirst'] as const;
export type NoSaleLostCase = (typeof NO_SALE_LOST_CASES)[number];

export const NO_SALE_LOST_GATEWAYS = ['sslcommerz', 'bkash', 'nagad', 'stripe'] as const;
export type NoSaleLostGateway = (typeof NO_SALE_LOST_GATEWAYS)[number];

/** The browser's way to our return URL: a redirect (GET) or a form that posts itself (SSLCOMMERZ). */
interface BrowserReturn {
  method: 'GET' | 'POST';
  url: string;
  fields: Record<string, string>;
}

/** What the run needs to know of one gateway's simulator to pay, forge and arm there. */
interface GatewayHand {
  currency: string;
  amountMinor: number;
  /** The per-payment fault that fails the confirming call once, and the key it is armed under. */
  captureFault: { fault: string; keyField: string; key: (reference: string) => string };
  /** The gateway's session id, from its hosted page's URL (or its control API). */
  sessionOf(control: Control, pageUrl: string, reference: string): Promise<string>;
  /** A forged return naming the payment (and its real session where the gateway's return carries one). */
  forgedReturn(apiUrl: string, reference: string, session: string): BrowserReturn;
  /** The customer pays on the hosted page (its control API doing what the page does): the way back. */
  pay(control: Control, session: string): Promise<BrowserReturn>;
}

type Control = <T>(method: string, route: string, body?: unknown) => Promise<T>;

/**
 * The simulator crashed after doing what it was asked (the customer's payment) but before
 * answering: a try again is refused as done already (409), and the customer never got the way back.
 */
class AnswerLost extends Refused {}

const returnUrl = (apiUrl: string, reference: string, query: Record<string, string> = {}) => {
  const search = new URLSearchParams(query).toString();
  return `${apiUrl}/checkout/${reference}/return${search ? `?${search}` : ''}`;
};

const lastPathSegment = (pageUrl: string) => decodeURIComponent(new URL(pageUrl).pathname.split('/').at(-1)!);

const HANDS: Record<NoSaleLostGateway, GatewayHand> = {
  sslcommerz: {
    currency: 'BDT',
    amountMinor: 10_000,
    captureFault: { fault: 'validationUnavailableOnce', keyField: 'tranId', key: (reference) => reference },
    async sessionOf(control, _pageUrl, reference) {
      return (await control<{ sessionkey: string }>('GET', `/__simulator/sessions/by-tran-id/${reference}`))
        .sessionkey;
    },
    // Its return is signed with the store password, which the forger can only guess.
    forgedReturn(apiUrl, reference) {
      const claim = {
        tran_id: reference,
        val_id: `${Date.now()}forged`,
        amount: '100.00',
        currency: 'BDT',
        status: 'VALID',
        bank_tran_id: `${Date.now()}forged`,
      };
      return {
        method: 'POST',
        url: returnUrl(apiUrl, reference),
        fields: { ...claim, ...signIpn(claim, 'guessed-store-password') },
      };
    },
    async pay(control, session) {
      const done = await control<{ redirect: { url: string; fields: Record<string, string> } }>(
        'POST',
        `/__simulator/sessions/${session}/complete`,
        { outcome: 'VALID' },
      );
      return { method: 'POST', url: done.redirect.url, fields: done.redirect.fields };
    },
  },
  bkash: {
    currency: 'BDT',
    amountMinor: 10_000,
    captureFault: {
      fault: 'executeUnavailableOnce',
      keyField: 'merchantInvoiceNumber',
      key: (reference) => reference,
    },
    sessionOf: async (_control, pageUrl) => new URL(pageUrl).searchParams.get('paymentId') ?? '',
    forgedReturn: (apiUrl, reference, paymentID) => ({
      method: 'GET',
      url: returnUrl(apiUrl, reference, { reference, paymentID, status: 'success' }),
      fields: {},
    }),
    async pay(control, paymentId) {
      const done = await control<{ callbackUrl: string }>(
        'POST',
        `/__simulator/payments/${paymentId}/complete`,
        {
          choice: 'success',
        },
      );
      return { method: 'GET', url: done.callbackUrl, fields: {} };
    },
  },
  nagad: {
    currency: 'BDT',
    amountMinor: 10_000,
    captureFault: {
      fault: 'verifyUnavailableOnce',
      keyField: 'orderId',
      key: (reference) => reference.replace('_', ''),
    },
    sessionOf: async (_control, pageUrl) => lastPathSegment(pageUrl),
    forgedReturn: (apiUrl, reference, paymentRefId) => ({
      method: 'GET',
      url: returnUrl(apiUrl, reference, {
        order_id: reference.replace('_', ''),
        payment_ref_id: paymentRefId,
        status: 'Success',
        status_code: '00_0000_000',
        message: 'Successful Transaction',
      }),
      fields: {},
    }),
    async pay(control, paymentRefId) {
      const done = await control<{ callbackUrl: string }>(
        'POST',
        `/__simulator/payments/${encodeURIComponent(paymentRefId)}/finish`,
        { outcome: 'Success' },
      );
      return { method: 'GET', url: done.callbackUrl, fields: {} };
    },
  },
  stripe: {
    currency: 'USD',
    amountMinor: 2_500,
    captureFault: {
      fault: 'sessionRetrieveUnavailableOnce',
      keyField: 'reference',
      key: (reference) => reference,
    },
    sessionOf: async (_control, pageUrl) => lastPathSegment(pageUrl),
    // The return through success_url carries only the session id: the same as the genuine one.
    forgedReturn: (apiUrl, reference, sessionId) => ({
      method: 'GET',
      url: returnUrl(apiUrl, reference, { reference, session_id: sessionId }),
      fields: {},
    }),
    async pay(control, sessionId) {
      const done = await control<{ redirect: string | null }>(
        'POST',
        `/__simulator/sessions/${sessionId}/complete`,
        {
          choice: 'pay',
        },
      );
      if (!done.redirect) throw new Refused(`the Stripe simulator sent ${sessionId}'s customer nowhere`);
      return { method: 'GET', url: done.redirect, fields: {} };
    },
  },
};

export interface NoSaleLostOptions {
  apiUrl: string;
  /** The SSLCOMMERZ simulator's base URL, and the host of the others (each under `/<gateway>`). */
  sslcommerzUrl: string;
  gatewaysUrl: string;
  credentials: { key: string; secret: string };
  /** Payments per gateway and case. */
  perCase: number;
  expiryMinutes: number;
  stepPatienceMs: number;
  /** Whether our service has judged every callback stored for the payment (so the forgery came first). */
  callbacksJudged(reference: string, count: number): Promise<boolean>;
}

export interface NoSaleLostPayment {
  gateway: NoSaleLostGateway;
  case: NoSaleLostCase;
  reference: string;
}

export interface NoSaleLostResult {
  /** Payments whose create answered 201. */
  created: number;
  /** Payments the customer paid through one of the cases: each must end SUCCEEDED. */
  paid: NoSaleLostPayment[];
  /** Payments a step of which gave up (the API away longer than the patience window). */
  stepsGivenUp: number;
  /** Steps answered with a refusal no retry changes (a fault the simulator does not know): each a breach. */
  refused: string[];
}

/** Drives every gateway through both cases, `perCase` payments each, one at a time per gateway. */
export async function driveNoSaleLost(options: NoSaleLostOptions): Promise<NoSaleLostResult> {
  const result: NoSaleLostResult = { created: 0, paid: [], stepsGivenUp: 0, refused: [] };
  const auth = { 'x-api-key': options.credentials.key, 'x-api-secret': options.credentials.secret };
  const timeout = () => AbortSignal.timeout(30_000);
  const step = <T>(attempt: () => Promise<T | 'retry'>) => retrying(options.stepPatienceMs, attempt);

  /** A simulator's control API, asked again while its process is down (the run kills it too). */
  const controlOf =
    (gateway: NoSaleLostGateway): Control =>
    async <T>(method: string, route: string, body?: unknown) => {
      const base = gateway === 'sslcommerz' ? options.sslcommerzUrl : `${options.gatewaysUrl}/${gateway}`;
      let unanswered = false;
      const answer = await step(async () => {
        let response: Response;
        try {
          response = await fetch(`${base}${route}`, {
            method,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: timeout(),
          });
        } catch (error) {
          unanswered = true;
          throw error;
        }
        const text = await response.text();
        if (response.status === 409 && unanswered) throw new AnswerLost(`${gateway} ${route}`);
        if (!response.ok)
          throw new Refused(`${gateway} simulator ${method} ${route}: ${response.status} ${text}`);
        return JSON.parse(text) as T;
      });
      if (answer === null) throw new Refused(`${gateway} simulator ${method} ${route}: unreachable`);
      return answer;
    };

  /** The browser reaches our return URL; repeated while the API is away. */
  const comeBack = (back: BrowserReturn) =>
    step(async () => {
      const response = await fetch(back.url, {
        method: back.method,
        redirect: 'manual',
        signal: timeout(),
        ...(back.method === 'POST' && {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(back.fields).toString(),
        }),
      });
      await response.arrayBuffer();
      if (response.status === 302) return true;
      if (transient(response.status)) return 'retry';
      throw new Refused(`return ${back.url} answered ${response.status}`);
    });

  const one = async (gateway: NoSaleLostGateway, which: NoSaleLostCase, index: number) => {
    const hand = HANDS[gateway];
    const control = controlOf(gateway);
    const key = randomUUID();
    const reference = await step(async () => {
      const response = await fetch(`${options.apiUrl}/api/v1/payments`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({
          gateway,
          currency: hand.currency,
          amountMinor: hand.amountMinor,
          customerReference: `no_sale_lost_${gateway}_${index}`,
          productName: 'Chaos run: no sale lost',
          expiresInMinutes: options.expiryMinutes,
        }),
        signal: timeout(),
      });
      if (transient(response.status)) return 'retry';
      if (response.status !== 201)
        throw new Refused(`create (${gateway}) answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { data: { reference: string } }).data.reference;
    });
    if (!reference) {
      result.stepsGivenUp += 1;
      return;
    }
    result.created += 1;
    if (which === 'captureFailsOnce') {
      const { fault, keyField, key: keyOf } = hand.captureFault;
      await control('PUT', '/__simulator/faults', {
        [keyField]: keyOf(reference),
        faults: { [fault]: true },
      });
    }
    const pageUrl = await step(async () => {
      const response = await fetch(`${options.apiUrl}/checkout/${reference}/pay`, {
        method: 'POST',
        redirect: 'manual',
        signal: timeout(),
      });
      const location = response.headers.get('location') ?? '';
      const atGateway = [options.sslcommerzUrl, options.gatewaysUrl].some((url) => location.startsWith(url));
      return response.status === 302 && atGateway ? location : 'retry';
    });
    if (!pageUrl) {
      result.stepsGivenUp += 1;
      return;
    }
    const session = await hand.sessionOf(control, pageUrl, reference);
    if (which === 'forgedReturnFirst') {
      if (!(await comeBack(hand.forgedReturn(options.apiUrl, reference, session)))) {
        result.stepsGivenUp += 1;
        return;
      }
      // The forgery is judged before the customer pays, as when it comes well ahead of them.
      if (!(await step(async () => ((await options.callbacksJudged(reference, 1)) ? true : 'retry')))) {
        result.stepsGivenUp += 1;
        return;
      }
    }
    let back: BrowserReturn;
    try {
      back = await hand.pay(control, session);
    } catch (error) {
      if (!(error instanceof AnswerLost)) throw error;
      // Whether the sale stands is then the gateway's to say (bKash's is never executed without the
      // return): the payment must still end final, as every other payment of the run.
      result.stepsGivenUp += 1;
      return;
    }
    result.paid.push({ gateway, case: which, reference });
    if (!(await comeBack(back))) result.stepsGivenUp += 1;
  };

  await Promise.all(
    NO_SALE_LOST_GATEWAYS.map(async (gateway) => {
      for (let index = 0; index < options.perCase; index += 1) {
        for (const which of NO_SALE_LOST_CASES) {
          try {
            await one(gateway, which, index);
          } catch (error) {
            if (!(error instanceof Refused)) throw error;
            result.refused.push(`${gateway} ${which}: ${error.message}`);
          }
        }
      }
    }),
  );
  return result;
}
