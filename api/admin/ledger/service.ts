import type { EntityManager } from '@mikro-orm/postgresql';
import { listAccounts, type AccountBalance } from '../../../db/ledger/ledger-balances.js';
import { accountStatement, listJournal, type JournalEntryView } from '../../../db/ledger/ledger-journal.js';
import { ledgerTotals, verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { verificationWaitMs } from '../../../domain/ledger/ledger-verification-throttle.js';
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
async function verification(deps: RouteDeps) {
  const checks = await verifyLedger(em(deps));
  return {
    ok: checks.every((c) => c.breaches.length === 0),
    checkedAt: new Date().toISOString(),
    totals: await ledgerTotals(em(deps)),
    checks,
  };
}

export type Verification = Awaited<ReturnType<typeof verification>>;

/** When this process last started a verification, and what the last one found. */
interface VerificationGate {
  lastStartedAt: number | null;
  last: Verification | null;
}

/** One gate per API process (its ORM): the pages and the JSON API share it. */
const gates = new WeakMap<object, VerificationGate>();

function gateOf(deps: RouteDeps): VerificationGate {
  let gate = gates.get(deps.orm);
  if (!gate) {
    gate = { lastStartedAt: null, last: null };
    gates.set(deps.orm, gate);
  }
  return gate;
}

/**
 * Verifies the ledger unless this process started a verification within the interval
 * (`verificationWaitMs`): then it answers how long to wait and the last result it has, if any.
 * The start is taken before the run, so requests arriving during a slow run wait too.
 */
export async function throttledVerification(
  deps: RouteDeps,
): Promise<
  { ran: true; result: Verification } | { ran: false; retryAfterMs: number; last: Verification | null }
> {
  const gate = gateOf(deps);
  // The service's clock (the real one outside tests), so a test that moves it moves the interval.
  const now = currentTime(deps).getTime();
  const wait = verificationWaitMs(gate.lastStartedAt, now);
  if (wait > 0) return { ran: false, retryAfterMs: wait, last: gate.last };
  gate.lastStartedAt = now;
  const result = await verification(deps);
  gate.last = result;
  return { ran: true, result };
}
