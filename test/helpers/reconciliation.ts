import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { paymentCandidates } from '../../db/reconciliation/recon-candidates.js';
import { closeSettlementImport, openSettlementImport } from '../../db/reconciliation/settlement-imports.js';
import { insertSettlementLines } from '../../db/reconciliation/settlement-lines.js';
import type { Currency } from '../../domain/shared/money.js';
import type { PaymentCandidate } from '../../domain/reconciliation/reconciliation.js';
import {
  settlementLineKey,
  type SettlementLineDraft,
  type SettlementLineType,
} from '../../domain/reconciliation/settlements.js';
import { eventually, type Stack } from './stack.js';

/**
 * A settlement day set up the way a gateway's report and the service's import leave it, for the
 * suites that reconcile TEST-mode days on the shared stack: lines stored under an import of their
 * own, payments read back as matching sees them, and the day's run and exceptions read back.
 */

const GATEWAY = 'sslcommerz';

/** A line of the gateway's report: a PAYMENT unless told, in batch BATCH-1 unless told. */
export type LineSpec = Pick<
  SettlementLineDraft,
  'gatewayTransactionId' | 'reference' | 'grossMinor' | 'feeMinor'
> & { type?: SettlementLineType; payoutBatch?: string };

/** Stores lines as an import would (the upload itself is tested with the import). */
export async function importLines(
  em: EntityManager,
  date: string,
  specs: LineSpec[],
  options: { gateway?: string; currency?: Currency; fileName?: string; importedBy?: number } = {},
): Promise<SettlementLineDraft[]> {
  const gateway = options.gateway ?? GATEWAY;
  const drafts = specs.map((spec): SettlementLineDraft => {
    const identity = {
      gateway,
      mode: 'TEST' as const,
      gatewayTransactionId: spec.gatewayTransactionId,
      type: spec.type ?? 'PAYMENT',
      settlementDate: date,
      payoutBatch: spec.payoutBatch ?? 'BATCH-1',
      grossMinor: spec.grossMinor,
    };
    return {
      ...identity,
      reference: spec.reference,
      currency: options.currency ?? 'BDT',
      feeMinor: spec.feeMinor,
      netMinor: spec.grossMinor - spec.feeMinor,
      lineKey: settlementLineKey(identity),
    };
  });
  await em.transactional(async (tx) => {
    const importId = (await openSettlementImport(tx, {
      gateway,
      mode: 'TEST',
      fileName: options.fileName ?? 'settlement.csv',
      fileSha256: randomBytes(32).toString('hex'),
      format: 'canonical',
      importedBy: options.importedBy ?? null,
    }))!;
    await insertSettlementLines(tx, importId, drafts);
    await closeSettlementImport(tx, importId, {
      lineCount: drafts.length,
      storedLineCount: drafts.length,
      settlementDates: [date],
    });
  });
  return drafts;
}

/** Payments as matching sees them (transaction id, booked fee, capture), in the order named. */
export async function candidatesOf(
  stack: Stack,
  references: readonly string[],
  gateway = GATEWAY,
): Promise<PaymentCandidate[]> {
  const found = await paymentCandidates(
    stack.em(),
    { gateway, mode: 'TEST' },
    { transactionIds: [], references },
  );
  return references.map((r) => found.find((p) => p.reference === r)!);
}

/** One payment as matching sees it. */
export async function candidateOf(
  stack: Stack,
  reference: string,
  gateway = GATEWAY,
): Promise<PaymentCandidate> {
  return (await candidatesOf(stack, [reference], gateway))[0]!;
}

/**
 * `count` SSLCOMMERZ payments paid through the stack, of a new app, as matching sees them. They
 * are paid side by side: each mostly waits on its own workflow.
 */
export async function paidPayments(stack: Stack, count: number): Promise<PaymentCandidate[]> {
  const app = await stack.registerApp();
  const paid = await Promise.all(Array.from({ length: count }, () => stack.paidPayment(app.test)));
  return candidatesOf(
    stack,
    paid.map((payment) => payment.reference),
  );
}

/** The TEST run of a gateway's settlement day, or null before one started. */
export async function runOf(em: EntityManager, date: string, gateway = GATEWAY) {
  const [run] = await em.execute<
    Array<{
      id: string;
      status: string;
      matched_count: number;
      open_exception_count: number;
      line_count: number;
    }>
  >(
    `select id, status, matched_count, open_exception_count, line_count from recon_runs
      where gateway = ? and mode = 'TEST' and settlement_date = ?::date`,
    [gateway, date],
  );
  return run ?? null;
}

/** The exceptions of a gateway's TEST settlement day, by kind. */
export async function exceptionsOf(em: EntityManager, date: string, gateway = GATEWAY) {
  return em.execute<Array<{ reference: string; kind: string; status: string; action: string | null }>>(
    `select e.reference, e.kind, e.status, e.action from recon_exceptions e join recon_runs r on r.id = e.run_id
      where r.gateway = ? and r.mode = 'TEST' and r.settlement_date = ?::date order by e.kind`,
    [gateway, date],
  );
}

/**
 * Starts a day's reconciliation and waits until it has matched with exactly one open exception;
 * answers that exception's reference and kind.
 */
export async function matchedWithOneException(
  stack: Stack,
  date: string,
  gateway = GATEWAY,
): Promise<{ reference: string; kind: string }> {
  await stack.deps.orchestrator.startReconciliations({ gateway, mode: 'TEST', dates: [date] });
  await eventually(
    async () => (await runOf(stack.em(), date, gateway))?.open_exception_count === 1,
    30_000,
    `${date} matched with its exception`,
  );
  const [exception] = await stack.em().execute<Array<{ reference: string; kind: string }>>(
    `select e.reference, e.kind from recon_exceptions e join recon_runs r on r.id = e.run_id
        where r.gateway = ? and r.mode = 'TEST' and r.settlement_date = ?::date`,
    [gateway, date],
  );
  return exception!;
}
