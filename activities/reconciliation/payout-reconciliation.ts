import type { EntityManager } from '@mikro-orm/postgresql';
import { statementCoverage, unclaimedCredits } from '../../db/reconciliation/bank-statements.js';
import {
  expectedPayouts,
  insertPayoutReceipts,
  payoutReceipts,
  releaseStaleAmountMatches,
} from '../../db/reconciliation/payout-receipts.js';
import { upsertExceptions, type ReconDay } from '../../db/reconciliation/recon-runs.js';
import { toDecimalString } from '../../domain/shared/money.js';
import {
  addDays,
  holdsDayOpen,
  matchPayouts,
  payoutKey,
  payoutStatus,
  receivedByPayout,
  type ExpectedPayout,
} from '../../domain/reconciliation/payout-matching.js';
import type { ReconExceptionDraft } from '../../domain/reconciliation/reconciliation.js';

/**
 * A settlement day's payouts against the bank account its gateway settles to: matches the day's
 * payouts (and those of the days before it whose window reaches this day's credits) to the
 * account's credits not yet claimed, then records as exceptions a payout that did not reach the
 * bank or whose credits add up to another amount and, once the day's grace is over, a credit of
 * the day no payout explains.
 *
 * An account without statements is not checked: nothing is known of it, and a day is not held
 * open for statements that may never be imported.
 */
export async function reconcilePayouts(
  fork: () => EntityManager,
  day: ReconDay & { pastGrace: boolean; payoutWindowDays: number },
  runId: number,
  found: Set<string>,
): Promise<{ pendingPayouts: number }> {
  const account = { gateway: day.gateway, mode: day.mode };
  const coverage = await statementCoverage(fork(), account);
  if (coverage === null) return { pendingPayouts: 0 };
  const window = day.payoutWindowDays;
  const earliest = addDays(day.settlementDate, -window);

  await fork().transactional((tx) => releaseStaleAmountMatches(tx, account, day.settlementDate));
  const span = { from: earliest, to: day.settlementDate };
  const [payouts, receipts, credits] = await Promise.all([
    expectedPayouts(fork(), account, span),
    payoutReceipts(fork(), account, span),
    unclaimedCredits(fork(), account, { from: earliest, to: addDays(day.settlementDate, window) }),
  ]);
  const received = new Set(receipts.map(payoutKey));
  const result = matchPayouts({ payouts, credits, windowDays: window, received });
  const payoutByKey = new Map(payouts.map((p) => [payoutKey(p), p]));
  const creditById = new Map(credits.map((c) => [c.id, c]));
  await fork().transactional((tx) =>
    insertPayoutReceipts(
      tx,
      account,
      result.matches.map((match) => ({
        payout: payoutByKey.get(match.payoutKey)!,
        match,
        receivedMinor: creditById.get(match.creditId)!.amountMinor,
      })),
    ),
  );

  // Read back: a match another day's run recorded meanwhile counts as much as this one's.
  const [settled, stillUnclaimed] = await Promise.all([
    payoutReceipts(fork(), account, { from: day.settlementDate, to: day.settlementDate }),
    day.pastGrace
      ? unclaimedCredits(fork(), account, { from: day.settlementDate, to: day.settlementDate })
      : Promise.resolve([]),
  ]);
  const receivedByKey = receivedByPayout(settled);
  const exceptions: ReconExceptionDraft[] = [];
  let pendingPayouts = 0;
  for (const payout of payouts) {
    if (payout.settlementDate !== day.settlementDate || payout.amountMinor <= 0) continue;
    const receivedMinor = receivedByKey.get(payoutKey(payout)) ?? null;
    const status = payoutStatus(payout, receivedMinor, coverage, window);
    if (status === 'PENDING' && holdsDayOpen(payout, coverage)) pendingPayouts += 1;
    if (status === 'MISSING') exceptions.push(missingPayout(payout));
    if (status === 'SHORT' || status === 'OVER') exceptions.push(mismatchedPayout(payout, receivedMinor!));
  }
  for (const credit of stillUnclaimed) {
    exceptions.push({
      kind: 'UNKNOWN_CREDIT',
      subject: `credit:${credit.lineKey}`,
      lineId: null,
      lineKey: null,
      paymentId: null,
      refundId: null,
      payoutBatch: credit.payoutBatch,
      currency: credit.currency,
      expectedMinor: null,
      actualMinor: credit.amountMinor,
      detail: `A credit of ${toDecimalString(credit.amountMinor, credit.currency)} ${credit.currency} on ${credit.valueDate} ("${credit.description}") matches no payout`,
    });
  }
  for (const e of exceptions) found.add(`${e.kind}|${e.subject}`);
  await fork().transactional((tx) => upsertExceptions(tx, runId, exceptions));
  return { pendingPayouts };
}

const batchName = (payout: ExpectedPayout) => payout.payoutBatch ?? '(no batch)';
const payoutSubject = (payout: ExpectedPayout) => `payout:${payout.payoutBatch ?? ''}:${payout.currency}`;
const amountOf = (payout: ExpectedPayout, minor: number) =>
  `${toDecimalString(minor, payout.currency)} ${payout.currency}`;

function missingPayout(payout: ExpectedPayout): ReconExceptionDraft {
  return {
    kind: 'PAYOUT_MISSING',
    subject: payoutSubject(payout),
    lineId: null,
    lineKey: null,
    paymentId: null,
    refundId: null,
    payoutBatch: payout.payoutBatch,
    currency: payout.currency,
    expectedMinor: payout.amountMinor,
    actualMinor: 0,
    detail: `Payout ${batchName(payout)} of ${amountOf(payout, payout.amountMinor)} never reached the bank`,
  };
}

/** Credits came for the payout, but they add up to another amount than its lines. */
function mismatchedPayout(payout: ExpectedPayout, receivedMinor: number): ReconExceptionDraft {
  return {
    ...missingPayout(payout),
    kind: 'PAYOUT_MISMATCH',
    actualMinor: receivedMinor,
    detail: `Payout ${batchName(payout)} brought ${amountOf(payout, receivedMinor)} to the bank; its lines add up to ${amountOf(payout, payout.amountMinor)}`,
  };
}
