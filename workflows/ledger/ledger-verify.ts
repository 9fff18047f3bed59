import type { LedgerVerifyOutcome } from '../../activities/ledger/ledger-verify-activities.js';
import { ledgerChecks } from './ledger-verify-options.js';

/**
 * Run by the `ledger-verify-<task queue>` schedule: `ledger:verify`'s checks once for the whole
 * deployment, their result recorded for /metrics (`ledger_verify_breaches`) and its alert. The
 * activity takes the deployment's verification gate in PostgreSQL first: a run within the
 * interval of the last verification (however it was started) reads nothing.
 */
export async function ledgerVerifyWorkflow(): Promise<LedgerVerifyOutcome> {
  return ledgerChecks.verifyLedgerAndRecord();
}
