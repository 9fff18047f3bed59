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
}

/**
 * Retries a step the way a real client does through an outage: on a network error, a 5xx, a
 * 409 (a request with the same key still running) or a 429, after a short pause.
 */
/** An answer no retry will change: the run stops, the request itself is wrong. */
class Refused extends Error {}

async function retrying<T>(patienceMs: number, attempt: () => Promise<T | 'retry'>): Promise<T | null> {
  const deadline = Date.now() + patienceMs;
  let pause = 250;
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
    pause = Math.min(pause * 2, 5_000);
  }
}

const transient = (status: number) => status >= 500 || status === 409 || status === 429;

/** Drives payments from creation to the customer's choice at the gateway, as apps and customers do. */
export async function drivePayments(options: DriverOptions): Promise<DriverResult> {
  const result: DriverResult = { created: [], createsGivenUp: 0, paid: 0, abandoned: 0, stepsGivenUp: 0 };
  const auth = { 'x-api-key': options.credentials.key, 'x-api-secret': options.credentials.secret };
  const timeout = () => AbortSignal.timeout(30_000);

  const lifecycle = async (index: number) => {
    const key = randomUUID();
    const reference = await retrying(options.stepPatienceMs, async () => {
      const response = await fetch(`${options.apiUrl}/api/v1/payments`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({
          amountMinor: 1000 + (index % 50) * 100,
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
    if ((index * 7919) % 100 < options.abandonShare * 100) {
      result.abandoned += 1;
      return;
    }

    const opened = await retrying(options.stepPatienceMs, async () => {
      const response = await fetch(`${options.apiUrl}/checkout/${reference}/pay`, {
        method: 'POST',
        redirect: 'manual',
        signal: timeout(),
      });
      const location = response.headers.get('location') ?? '';
      if (response.status === 302 && location.startsWith(options.simulatorUrl)) return true;
      return 'retry';
    });
    if (!opened) {
      result.stepsGivenUp += 1;
      return;
    }
    const paid = await retrying(options.stepPatienceMs, async () => {
      const session = await fetch(`${options.simulatorUrl}/__simulator/sessions/by-tran-id/${reference}`, {
        signal: timeout(),
      });
      if (!session.ok) return 'retry';
      const { sessionkey } = (await session.json()) as { sessionkey: string };
      const completed = await fetch(`${options.simulatorUrl}/__simulator/sessions/${sessionkey}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'VALID' }),
        signal: timeout(),
      });
      // The simulator posts the IPN itself; an API that is down misses it, as with a real gateway.
      return completed.ok ? true : 'retry';
    });
    if (paid) result.paid += 1;
    else result.stepsGivenUp += 1;
  };

  let next = 0;
  const lanes = Array.from({ length: options.concurrency }, async () => {
    while (next < options.payments) await lifecycle(next++);
  });
  await Promise.all(lanes);
  return result;
}
