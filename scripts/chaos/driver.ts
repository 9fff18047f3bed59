import { randomUUID } from 'node:crypto';
import { sleep } from '../bench/processes.js';

export interface DriverOptions {
  apiUrl: string;
  simulatorUrl: string;
  credentials: { key: string; secret: string };
  payments: number;
  concurrency: number;
  expiryMinutes: number;
  /** Share of payments the customer abandons before paying (they must expire). */
  abandonShare: number;
  /**
   * Share of the abandoned payments the customer pays anyway after they expired: a late capture,
   * which the service must park and refund in full by itself.
   */
  lateShare: number;
  /** Share of paid payments the app refunds: half first, then the rest in a second request. */
  refundShare: number;
  /** How long one step keeps retrying through an outage before the run gives up on it. */
  stepPatienceMs: number;
}

export interface DriverResult {
  /** Payments whose create answered 201 (after retries with the same Idempotency-Key). */
  created: string[];
  /** Creates that never got a 201 within the patience window. */
  createsGivenUp: number;
  /** Payments the customer completed at the gateway. */
  paid: number;
  abandoned: number;
  /** Payments whose checkout or gateway step gave up (they end by expiring). */
  stepsGivenUp: number;
  /** Payments paid at the gateway after they expired. */
  lateCaptures: string[];
  /** Refunds answered 201, by payment: the amounts asked (the second is "the rest"). */
  refundsTaken: number;
  /** Repeats of a refund request with the same Idempotency-Key that answered a different refund. */
  refundReplaysDiffering: number;
  /** Refund steps that never got an answer within the patience window. */
  refundStepsGivenUp: number;
}

/** An answer no retry will change: the run stops, the request itself is wrong. */
export class Refused extends Error {}

/**
 * Retries a step the way a real client does through an outage: on a network error, a 5xx, a
 * 409 (a request with the same key still running) or a 429, after a short pause.
 */
export async function retrying<T>(
  patienceMs: number,
  attempt: () => Promise<T | 'retry'>,
  pauses: { firstMs: number; mostMs: number } = { firstMs: 250, mostMs: 5_000 },
): Promise<T | null> {
  const deadline = Date.now() + patienceMs;
  let pause = pauses.firstMs;
  for (;;) {
    try {
      const outcome = await attempt();
      if (outcome !== 'retry') return outcome;
    } catch (error) {
      if (error instanceof Refused) throw error;
      // connection refused or reset: the process is down or restarting
    }
    if (Date.now() > deadline) return null;
    await sleep(pause);
    pause = Math.min(pause * 2, pauses.mostMs);
  }
}

export const transient = (status: number) => status >= 500 || status === 409 || status === 429;

type Reach = Pick<DriverOptions, 'apiUrl' | 'simulatorUrl' | 'stepPatienceMs'>;
const timeout = () => AbortSignal.timeout(30_000);

/** The customer clicks Pay on the hosted checkout until it sends them to the gateway. */
export const openCheckoutAtApi = (options: Reach, reference: string) =>
  retrying(options.stepPatienceMs, async () => {
    const response = await fetch(`${options.apiUrl}/checkout/${reference}/pay`, {
      method: 'POST',
      redirect: 'manual',
      signal: timeout(),
    });
    const location = response.headers.get('location') ?? '';
    if (response.status === 302 && location.startsWith(options.simulatorUrl)) return true;
    return 'retry';
  });

/**
 * The customer pays on the (simulated SSLCOMMERZ) gateway's page; the gateway posts its IPN. When
 * the gateway crashed after taking the payment but before answering, the customer's next try is
 * refused as already paid (409): that payment went through, and our service must learn of it from
 * the gateway.
 */
export const payAtSimulatedGateway = (options: Reach, reference: string) => {
  let unanswered = false;
  return retrying(options.stepPatienceMs, async () => {
    const session = await fetch(`${options.simulatorUrl}/__simulator/sessions/by-tran-id/${reference}`, {
      signal: timeout(),
    });
    if (!session.ok) return 'retry';
    const { sessionkey } = (await session.json()) as { sessionkey: string };
    let completed: Response;
    try {
      completed = await fetch(`${options.simulatorUrl}/__simulator/sessions/${sessionkey}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'VALID' }),
        signal: timeout(),
      });
    } catch (error) {
      unanswered = true;
      throw error;
    }
    await completed.arrayBuffer();
    if (completed.status === 409 && unanswered) return true;
    // The simulator posts the IPN itself; an API that is down misses it, as with a real gateway.
    return completed.ok ? true : 'retry';
  });
};

const amountOf = (index: number) => 1000 + (index % 50) * 100;

/** Drives payments from creation to the customer's choice at the gateway, as apps and customers do. */
export async function drivePayments(options: DriverOptions): Promise<DriverResult> {
  const result: DriverResult = {
    created: [],
    createsGivenUp: 0,
    paid: 0,
    abandoned: 0,
    stepsGivenUp: 0,
    lateCaptures: [],
    refundsTaken: 0,
    refundReplaysDiffering: 0,
    refundStepsGivenUp: 0,
  };
  const auth = { 'x-api-key': options.credentials.key, 'x-api-secret': options.credentials.secret };
  /** Steps that wait minutes (a refund after the capture, a late payment after expiry) run beside the lanes. */
  const background: Array<Promise<void>> = [];

  const openCheckout = (reference: string) => openCheckoutAtApi(options, reference);
  const payAtGateway = (reference: string) => payAtSimulatedGateway(options, reference);

  /** Reads the payment until it reaches `status`, as an app polling it would. */
  const reaches = (reference: string, status: string, patienceMs: number) =>
    retrying(patienceMs, async () => {
      const response = await fetch(`${options.apiUrl}/api/v1/payments/${reference}`, {
        headers: auth,
        signal: timeout(),
      });
      if (!response.ok) return 'retry';
      const read = (await response.json()) as { data: { status: string } };
      return read.data.status === status ? true : 'retry';
    });

  /** One refund request, repeated with its key until answered; returns the refund's reference. */
  const askRefund = (reference: string, key: string, body: Record<string, unknown>) =>
    retrying(options.stepPatienceMs, async () => {
      const response = await fetch(`${options.apiUrl}/api/v1/payments/${reference}/refunds`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: timeout(),
      });
      if (transient(response.status)) return 'retry';
      if (response.status !== 201 && response.status !== 200) {
        throw new Refused(`refund of ${reference} answered ${response.status}: ${await response.text()}`);
      }
      return ((await response.json()) as { data: { reference: string } }).data.reference;
    });

  /** The app refunds half, repeats that request (it must get the same refund), then refunds the rest. */
  const refundInTwo = async (reference: string, amountMinor: number) => {
    if (!(await reaches(reference, 'SUCCEEDED', 15 * 60_000))) {
      result.refundStepsGivenUp += 1;
      return;
    }
    const firstKey = randomUUID();
    const half = { amountMinor: Math.floor(amountMinor / 2), reason: 'chaos: half back' };
    const first = await askRefund(reference, firstKey, half);
    if (!first) {
      result.refundStepsGivenUp += 1;
      return;
    }
    result.refundsTaken += 1;
    const replay = await askRefund(reference, firstKey, half);
    if (replay !== first) result.refundReplaysDiffering += 1;
    const rest = await askRefund(reference, randomUUID(), { reason: 'chaos: the rest' });
    if (rest) result.refundsTaken += 1;
    else result.refundStepsGivenUp += 1;
  };

  /** The customer opens checkout, lets it expire, then pays at the gateway anyway. */
  const payLate = async (reference: string) => {
    if (!(await openCheckout(reference))) {
      result.stepsGivenUp += 1;
      return;
    }
    if (!(await reaches(reference, 'EXPIRED', (options.expiryMinutes + 10) * 60_000))) {
      result.stepsGivenUp += 1;
      return;
    }
    if (await payAtGateway(reference)) result.lateCaptures.push(reference);
    else result.stepsGivenUp += 1;
  };

  const lifecycle = async (index: number) => {
    const key = randomUUID();
    const reference = await retrying(options.stepPatienceMs, async () => {
      const response = await fetch(`${options.apiUrl}/api/v1/payments`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({
          // The app pays with the other gateways too (no-sale-lost.ts): these go to SSLCOMMERZ.
          gateway: 'sslcommerz',
          amountMinor: amountOf(index),
          customerReference: `chaos_${index}`,
          productName: 'Chaos run',
          expiresInMinutes: options.expiryMinutes,
        }),
        signal: timeout(),
      });
      if (transient(response.status)) return 'retry';
      if (response.status !== 201)
        throw new Refused(`create answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { data: { reference: string } }).data.reference;
    });
    if (!reference) {
      result.createsGivenUp += 1;
      return;
    }
    result.created.push(reference);
    const draw = (index * 7919) % 100;
    if (draw < options.abandonShare * 100) {
      result.abandoned += 1;
      if (draw < options.abandonShare * options.lateShare * 100) background.push(payLate(reference));
      return;
    }

    if (!(await openCheckout(reference))) {
      result.stepsGivenUp += 1;
      return;
    }
    if (!(await payAtGateway(reference))) {
      result.stepsGivenUp += 1;
      return;
    }
    result.paid += 1;
    if ((index * 104729) % 100 < options.refundShare * 100) {
      background.push(refundInTwo(reference, amountOf(index)));
    }
  };

  let next = 0;
  const lanes = Array.from({ length: options.concurrency }, async () => {
    while (next < options.payments) await lifecycle(next++);
  });
  await Promise.all(lanes);
  await Promise.all(background);
  return result;
}
