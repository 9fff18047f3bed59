/**
 * The payout batch scenario's figures and its lines in the chaos report (scripts/chaos/payout-batch-kill.ts
 * runs it): pure, so its shape is checked without a stack.
 */

export interface PayoutBatchKillResult {
  lines: number;
  /** The batch's status at the end, or why it was never accepted. */
  batchStatus: string;
  /** Lines whose payouts were made when the worker was killed (a kill mid-making is 0 < this < lines). */
  madeAtWorkerKill: number;
  /** Payouts terminal when PostgreSQL was killed (a kill mid-sending is 0 < this < lines). */
  terminalAtPostgresKill: number;
  /** Seconds from the batch's POST to COMPLETED; null if it did not complete in time. */
  completionS: number | null;
  byStatus: Record<string, number>;
  byRail: Record<string, number>;
  linesWithoutPayout: number;
  /** Payouts of the scenario's app tied to no line, or to a line another payout holds. */
  payoutsNotOnOneLine: number;
  payoutsNotTerminal: number;
  /** Payout references a rail's simulator paid more than once. */
  paidTwice: number;
  /** SUCCEEDED payouts whose rail holds no paid transfer under their reference. */
  succeededUnpaid: number;
  /** Transfers a rail paid for a payout that is not SUCCEEDED: money out with nothing recorded. */
  paidNotSucceeded: number;
  /** bKash requests that named a reference it had paid already (asked again, paid once). */
  askedAgain: number;
  /** `payout_batch.completed` events of the batch (1 when right). */
  completedEvents: number;
}

/** The statuses a payout ends in (RETURNED after SUCCEEDED, when a bank sends it back). */
export const TERMINAL_PAYOUT_STATUSES = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'RETURNED'];

/** Open accounts the bank simulator knows from the start, both reachable by NPSB. */
const BANK_ACCOUNTS = [
  { routingNumber: '010261234', accountNumber: '1001001001', accountName: 'Rahima Khatun' },
  { routingNumber: '020151236', accountNumber: '2002002002', accountName: 'Karim Traders' },
];

/** Line `n` (1-based): the rails in turn, each wallet its own (a wallet's daily limit is never near). */
export function payoutBatchLine(n: number) {
  const amountMinor = 10_000 + ((n * 137) % 40_000);
  const digits = String(n).padStart(7, '0');
  const beneficiary = (() => {
    switch (n % 4) {
      case 1:
        return { type: 'BKASH_WALLET', walletNumber: `0171${digits}`, name: `Winner ${n}` };
      case 2:
        return { type: 'NAGAD_WALLET', walletNumber: `0181${digits}` };
      case 3:
        return { ...BANK_ACCOUNTS[n % 2]!, type: 'BANK_ACCOUNT', method: 'BEFTN' };
      default:
        return { ...BANK_ACCOUNTS[n % 2]!, type: 'BANK_ACCOUNT', method: 'NPSB' };
    }
  })();
  return {
    lineReference: `line-${String(n).padStart(5, '0')}`,
    amountMinor,
    beneficiary,
    narrative: `Chaos payout ${n}`,
  };
}

const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || '-';

/** The scenario's lines in the chaos report: `ok: false` on a number means it must be 0. */
export function payoutBatchChecks(result: PayoutBatchKillResult) {
  return [
    {
      what: `payout batch lines (a worker killed with ${result.madeAtWorkerKill} made, PostgreSQL with ${result.terminalAtPostgresKill} terminal)`,
      value: result.lines,
      ok:
        result.madeAtWorkerKill > 0 &&
        result.madeAtWorkerKill < result.lines &&
        result.terminalAtPostgresKill > 0 &&
        result.terminalAtPostgresKill < result.lines,
    },
    {
      what: 'payout batch COMPLETED: seconds from POST',
      value: result.completionS === null ? result.batchStatus : result.completionS.toFixed(1),
      ok: result.batchStatus === 'COMPLETED' && result.completionS !== null,
    },
    { what: 'payout batch: payouts by status', value: counts(result.byStatus), ok: true },
    { what: 'payout batch: payouts by rail', value: counts(result.byRail), ok: true },
    { what: 'payout batch lines without a payout', value: result.linesWithoutPayout, ok: false },
    { what: 'payouts not on exactly one line of the batch', value: result.payoutsNotOnOneLine, ok: false },
    { what: 'payouts not terminal', value: result.payoutsNotTerminal, ok: false },
    { what: 'payout references a rail paid twice (duplicates)', value: result.paidTwice, ok: false },
    { what: 'payouts SUCCEEDED that no rail paid', value: result.succeededUnpaid, ok: false },
    { what: 'payouts a rail paid that are not SUCCEEDED', value: result.paidNotSucceeded, ok: false },
    { what: 'bKash transfers asked for again after a crash (paid once)', value: result.askedAgain, ok: true },
    {
      what: 'payout batch without exactly 1 payout_batch.completed',
      value: result.completedEvents === 1 ? 0 : 1,
      ok: false,
    },
  ].map((check) =>
    check.ok === false && typeof check.value === 'number' ? { ...check, ok: check.value === 0 } : check,
  );
}
