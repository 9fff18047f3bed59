import type { EntityManager } from '@mikro-orm/postgresql';
import type { FailoverFacts, OpeningOutcome } from '../../domain/payments/checkout-failover.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { Payment } from '../../platform/orm/entities.js';
import { closeBreakerStatement } from './gateway-breakers.js';
import { instant, text, type Row } from '../../platform/orm/row-values.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

/**
 * Every gateway session opening of a payment: which gateway, when, how many tries, and why it
 * failed. One row per opening (a customer's click), whatever its tries: the opening's key is the
 * same for each try of the activity. Operators read them on the payment's page; the checkout reads
 * the latest to know whether the customer may choose another gateway.
 */
export interface CheckoutAttempt {
  id: number;
  paymentId: number;
  gateway: string;
  outcome: OpeningOutcome;
  failureReason: string | null;
  tries: number;
  startedAt: Date;
  finishedAt: Date | null;
}

function attemptFromRow(row: Row): CheckoutAttempt {
  return {
    id: Number(row.id),
    paymentId: Number(row.payment_id),
    gateway: String(row.gateway),
    outcome: row.outcome as OpeningOutcome,
    failureReason: text(row.failure_reason),
    tries: Number(row.tries),
    startedAt: instant(row.started_at)!,
    finishedAt: instant(row.finished_at),
  };
}

const COLUMNS = 'id, payment_id, gateway, outcome, failure_reason, tries, started_at, finished_at';

/** A try of an opening begins: the first try records it, each later one counts itself. */
export async function beginOpening(
  em: EntityManager,
  input: { paymentId: number; gateway: string; openingKey: string },
): Promise<void> {
  await executePrepared(
    em,
    `insert into checkout_attempts (payment_id, gateway, opening_key, outcome, tries, started_at)
     values (?, ?, ?, 'OPENING', 1, now())
     on conflict (opening_key) do update
       set tries = checkout_attempts.tries + 1, outcome = 'OPENING', failure_reason = null, finished_at = null`,
    [input.paymentId, input.gateway.slice(0, 32), input.openingKey.slice(0, 200)],
  );
}

/** How the opening's latest try ended (OPENING: it failed, and another try follows). */
export async function finishOpening(
  em: EntityManager,
  openingKey: string,
  outcome: OpeningOutcome,
  failureReason: string | null = null,
): Promise<void> {
  await em.execute(
    `update checkout_attempts set outcome = ?, failure_reason = ?,
       finished_at = case when ? = 'OPENING' then null else now() end
     where opening_key = ?`,
    [outcome, failureReason?.slice(0, 255) ?? null, outcome, openingKey.slice(0, 200)],
  );
}

/**
 * The opening reached the customer: its row says OPENED and the gateway's session breaker closes
 * (`closeBreakerStatement`), in one statement.
 */
export async function recordOpened(
  em: EntityManager,
  input: { openingKey: string; gateway: string; mode: Mode; at?: Date },
): Promise<void> {
  const breaker = closeBreakerStatement(input.gateway, input.mode, input.at ?? new Date());
  await executePrepared(
    em,
    `with breaker as (${breaker.sql})
     update checkout_attempts set outcome = 'OPENED', failure_reason = null, finished_at = now()
      where opening_key = ?`,
    [...breaker.params, input.openingKey.slice(0, 200)],
  );
}

/** A payment's openings, oldest first. */
export async function checkoutAttempts(em: EntityManager, paymentId: number): Promise<CheckoutAttempt[]> {
  const rows = await em.execute<Row[]>(
    `select ${COLUMNS} from checkout_attempts where payment_id = ? order by id`,
    [paymentId],
  );
  return rows.map(attemptFromRow);
}

/** A payment's latest opening, if any. */
export async function latestCheckoutAttempt(
  em: EntityManager,
  paymentId: number,
): Promise<CheckoutAttempt | null> {
  const [row] = await em.execute<Row[]>(
    `select ${COLUMNS} from checkout_attempts where payment_id = ? order by id desc limit 1`,
    [paymentId],
  );
  return row ? attemptFromRow(row) : null;
}

/** What the checkout's failover rule needs to know about a payment, in one read. */
export async function readFailoverFacts(
  em: EntityManager,
  payment: Pick<Payment, 'id' | 'status' | 'gateway' | 'gatewaySessionKey' | 'gatewayPageUrl'>,
  now: Date,
): Promise<FailoverFacts> {
  const [row] = await em.execute<Row[]>(
    `select p.gateway_chosen_at_checkout, a.gateway as opening_gateway, a.outcome, a.started_at
       from payments p
       left join lateral (select gateway, outcome, started_at from checkout_attempts
                           where payment_id = p.id order by id desc limit 1) a on true
      where p.id = ?`,
    [payment.id],
  );
  return {
    status: payment.status,
    gateway: payment.gateway,
    sessionReachedCustomer: payment.gatewaySessionKey !== null || payment.gatewayPageUrl !== null,
    chosenAtCheckout: row?.gateway_chosen_at_checkout === true,
    latestOpening:
      row && row.opening_gateway !== null && row.opening_gateway !== undefined
        ? {
            gateway: String(row.opening_gateway),
            outcome: row.outcome as OpeningOutcome,
            startedAt: instant(row.started_at)!,
          }
        : null,
    now,
  };
}

/** Whether a session of `gateway` was ever opened (or tried) for the payment. */
export async function openedAtCheckout(
  em: EntityManager,
  paymentId: number,
  gateway: string,
): Promise<boolean> {
  const rows = await em.execute<Row[]>(
    'select 1 from checkout_attempts where payment_id = ? and gateway = ? limit 1',
    [paymentId, gateway.slice(0, 32)],
  );
  return rows.length > 0;
}
