import type { EntityManager } from '@mikro-orm/postgresql';
import {
  daysTouchedByStatement,
  type BankStatementImportResult,
} from '../../activities/reconciliation/bank-statement-imports.js';
import type { SettlementImportResult } from '../../activities/reconciliation/settlement-imports.js';
import { claimReconciliationStart, releaseReconciliationStart } from '../../db/uploads/file-uploads.js';
import { ApiError } from '../../domain/shared/errors.js';
import type { RouteDeps } from '../deps.js';
import type { Orchestrator } from '../orchestrator.js';

const fork = (deps: RouteDeps) => deps.orm.em.fork() as EntityManager;

/**
 * After a settlement report is stored, the reconciliation of each day it brought lines for starts,
 * or matches again if it runs. A report imported before wakes its days again too, which finishes
 * what a failed start left undone: importing the same file again is the way to retry.
 */
export async function reconcileImportedDays(
  orchestrator: Pick<Orchestrator, 'startReconciliations'>,
  result: Pick<SettlementImportResult, 'settlementDates' | 'record'>,
): Promise<string[]> {
  if (result.settlementDates.length === 0) return [];
  try {
    return await orchestrator.startReconciliations({
      gateway: result.record.gateway,
      mode: result.record.mode,
      dates: result.settlementDates,
    });
  } catch {
    throw new ApiError(
      'SERVICE_UNAVAILABLE',
      'The report is stored, but its reconciliation could not be started: import the same file again to start it',
    );
  }
}

/**
 * After a statement is stored, each settlement day it may change matches again (started if it is
 * not running, opened again if it had closed). The same statement imported again wakes its days
 * again: importing the same file is the way to retry a failed start.
 */
export async function reconcileStatementDays(
  orchestrator: Pick<Orchestrator, 'startReconciliations' | 'payoutWindowDays'>,
  em: EntityManager,
  result: Pick<BankStatementImportResult, 'record'>,
): Promise<string[]> {
  const dates = await daysTouchedByStatement(
    em,
    result.record,
    orchestrator.payoutWindowDays(result.record.gateway),
  );
  if (dates.length === 0) return [];
  try {
    return await orchestrator.startReconciliations({
      gateway: result.record.gateway,
      mode: result.record.mode,
      dates,
      reason: 'bank statement imported',
    });
  } catch {
    throw new ApiError(
      'SERVICE_UNAVAILABLE',
      'The statement is stored, but its settlement days could not be matched again: import the same file again',
    );
  }
}

/**
 * Starts (or wakes) the reconciliation of the days an imported upload brought, once per upload:
 * the answer to the upload, or the first look at it once read. A start that fails is tried again
 * at the next look.
 */
export async function reconcileUploadOnce(
  deps: RouteDeps,
  upload: { id: number },
  start: () => Promise<string[]>,
): Promise<string[]> {
  if (!(await claimReconciliationStart(fork(deps), upload.id))) return [];
  try {
    return await start();
  } catch (error) {
    await releaseReconciliationStart(fork(deps), upload.id);
    throw error;
  }
}
