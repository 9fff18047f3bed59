import type { EntityManager } from '@mikro-orm/postgresql';
import { listAccounts, type AccountBalance } from '../../../db/ledger/ledger-balances.js';
import { accountStatement, listJournal, type JournalEntryView } from '../../../db/ledger/ledger-journal.js';
import { ledgerTotals, verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { recordLastVerification, takeLedgerVerification } from '../../../db/ledger/ledger-verify-gate.js';
import { ACCOUNT_TYPES, normalBalance } from '../../../domain/ledger/ledger.js';
import { formatMoney, isCurrency } from '../../../domain/shared/money.js';
import { currentTime, type RouteDeps } from '../../deps.js';
import { bankAccountNames } from '../fees/service.js';
import type { AccountsQuery, JournalQuery } from './schemas.js';

/** What the JSON API and the dashboard pages read of the ledger: one place each. */

const em = (deps: Pick<RouteDeps, 'orm'>) => deps.orm.em.fork() as EntityManager;

const formatted = (amountMinor: number, currency: string) =>
  isCurrency(currency) ? formatMoney(amountMinor, currency) : String(amountMinor);

/**
 * An account as finance reads it: its balance on its normal side, and signed; a bank account with
 * the name finance gave it (`bankNames` by `gateway:mode`).
 */
export function accountView(account: AccountBalance, bankNames: ReadonlyMap<string, string> = new Map()) {
  const balanceMinor = normalBalance(account.type, account.signedBalanceMinor);
  const bankAccountName =
    account.type === 'BANK' && account.gateway
      ? (bankNames.get(`${account.gateway}:${account.mode}`) ?? null)
      : null;
  return {
    id: account.id,
    code: account.code,
    type: account.type,
    normalSide: ACCOUNT_TYPES[account.type].normal,
    mode: account.mode,
    currency: account.currency,
    gateway: account.gateway,
    appId: account.appId,
    bankAccountName,
    balanceMinor,
    balanceFormatted: formatted(balanceMinor, account.currency),
    signedBalanceMinor: account.signedBalanceMinor,
  };
}

export function journalEntryView(entry: JournalEntryView) {
  return { ...entry, createdAt: entry.createdAt.toISOString() };
}

export async function chartOfAccounts(deps: RouteDeps, query: AccountsQuery) {
  const [accounts, bankNames] = await Promise.all([listAccounts(em(deps), query), bankAccountNames(deps)]);
  return accounts.map((account) => accountView(account, bankNames));
}

export async function statement(deps: RouteDeps, rawId: string, page: { page: number; size: number }) {
  const id = /^\d{1,15}$/.test(rawId) ? Number(rawId) : NaN;
  const result = Number.isSafeInteger(id) ? await accountStatement(em(deps), id, page) : null;
  if (!result) throw new ApiError('ACCOUNT_NOT_FOUND');
  const bankNames = result.account.type === 'BANK' ? await bankAccountNames(deps) : undefined;
  return {
    account: accountView(result.account, bankNames),
    lines: result.lines.map((line) => ({
      ...line,
      createdAt: line.createdAt.toISOString(),
      balanceAfterMinor: normalBalance(result.account.type, line.balanceAfterMinor),
    })),
    total: result.total,
  };
}

export async function journal(deps: RouteDeps, query: JournalQuery) {
  const result = await listJournal(em(deps), query);
  return { items: result.items.map(journalEntryView), total: result.total, lastId: result.lastId };
}

/** The same rules `npm run cli -- ledger:verify` checks, for the dashboard. */
async function verification(deps: Pick<RouteDeps, 'orm'>) {
  const checks = await verifyLedger(em(deps));
  return {
    ok: checks.every((c) => c.breaches.length === 0),
    checkedAt: new Date().toISOString(),
    totals: await ledgerTotals(em(deps)),
    checks,
  };
}

export type Verification = Awaited<ReturnType<typeof verification>>;

/**
 * Verifies the ledger unless a verification started within the interval (`verificationWaitMs`)
 * anywhere in the deployment: the gate is a row of PostgreSQL that every API process and the
 * scheduled workflow take (db/ledger/ledger-verify-gate.ts), so it does not grow with replicas.
 * Then it answers how long to wait and the last result recorded, if any. The start is taken before
 * the run, so requests arriving during a slow run wait too.
 */
export async function throttledVerification(
  deps: Pick<RouteDeps, 'orm' | 'clock'>,
): Promise<
  { ran: true; result: Verification } | { ran: false; retryAfterMs: number; last: Verification | null }
> {
  // The service's clock (the real one outside tests), so a test that moves it moves the interval.
  const gate = await takeLedgerVerification<Verification>(em(deps), currentTime(deps));
  if (!gate.taken) return { ran: false, retryAfterMs: gate.retryAfterMs, last: gate.last };
  const result = await verification(deps);
  await recordLastVerification(em(deps), result);
  return { ran: true, result };
}
