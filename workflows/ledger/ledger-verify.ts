import { ledgerChecks } from './ledger-verify-options.js';

/**
 * Run by the `ledger-verify-<task queue>` schedule: `ledger:verify`'s checks once for the whole
 * deployment, their result recorded for /metrics (`ledger_verify_breaches`) and its alert.
 */
export async function ledgerVerifyWorkflow(): Promise<{ breaches: number }> {
  return ledgerChecks.verifyLedgerAndRecord();
}
