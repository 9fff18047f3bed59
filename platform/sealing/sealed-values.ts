import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import {
  endpointSecretContextOf,
  gatewayCredentialsContext,
  operatorTotpSecretContext,
} from './sealing-contexts.js';
import { LEGACY_KEY_ID, SealedValueError, type Keyring } from './secret-box.js';

/**
 * Every column that holds sealed values, for `keys:rotate` (re-seal under the primary key) and
 * `keys:status` (how many values each key still seals). A new sealed column is one more entry
 * here: its table, the columns that identify a row, and the context its values are sealed under.
 */
export interface SealedColumn {
  table: string;
  column: string;
  /** The primary key, in keyset order. */
  keyColumns: readonly string[];
  /** Further columns the context needs. */
  contextColumns: readonly string[];
  context(row: Record<string, unknown>): string;
  /** How a report names the row (no secret in it). */
  describe(row: Record<string, unknown>): string;
}

const webhookSecret = (column: string): SealedColumn => ({
  table: 'webhook_endpoints',
  column,
  keyColumns: ['id'],
  contextColumns: ['app_id', 'mode', 'public_id', 'secrets_sealed_per_endpoint'],
  context: (row) =>
    endpointSecretContextOf({
      appId: Number(row.app_id),
      mode: row.mode as Mode,
      publicId: String(row.public_id),
      sealedPerEndpoint: row.secrets_sealed_per_endpoint === true,
    }),
  describe: (row) => `app ${String(row.app_id)} ${String(row.mode)} webhook endpoint`,
});

const operatorTotpSecret = (column: string): SealedColumn => ({
  table: 'operators',
  column,
  keyColumns: ['id'],
  contextColumns: [],
  context: (row) => operatorTotpSecretContext(Number(row.id)),
  describe: (row) => `operator ${String(row.id)} TOTP secret`,
});

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: 'app_gateways',
    column: 'sealed_credentials',
    keyColumns: ['app_id', 'mode', 'gateway'],
    contextColumns: [],
    context: (row) =>
      gatewayCredentialsContext({
        appId: Number(row.app_id),
        mode: row.mode as Mode,
        gateway: String(row.gateway),
      }),
    describe: (row) => `app ${String(row.app_id)} ${String(row.mode)} ${String(row.gateway)} credentials`,
  },
  webhookSecret('secret_sealed'),
  webhookSecret('previous_secret_sealed'),
  operatorTotpSecret('totp_sealed'),
  operatorTotpSecret('totp_pending_sealed'),
];

const columnName = (c: SealedColumn) => `${c.table}.${c.column}`;

export interface ColumnKeyCount {
  column: string;
  keyId: string;
  count: number;
}

/** How many values of each column are sealed under each key id (`legacy`: the first form). */
export async function sealedValueCounts(em: EntityManager): Promise<ColumnKeyCount[]> {
  const counts: ColumnKeyCount[] = [];
  for (const c of SEALED_COLUMNS) {
    const rows = await em.execute<Array<{ form: string; key_id: string; count: string | number }>>(
      `select split_part(${c.column}, '.', 1) as form, split_part(${c.column}, '.', 2) as key_id, count(*) as count
         from ${c.table} where ${c.column} is not null group by 1, 2 order by 1, 2`,
    );
    for (const row of rows) {
      counts.push({
        column: columnName(c),
        keyId:
          row.form === 'v1' ? LEGACY_KEY_ID : row.form === 'v2' ? row.key_id : `unknown form ${row.form}`,
        count: Number(row.count),
      });
    }
  }
  return counts;
}

export interface ResealReport {
  column: string;
  /** Values found under another key than the primary. */
  examined: number;
  /** Re-sealed under the primary key. */
  rewritten: number;
  /** Changed by someone else between read and write: left as they were (a new run takes them). */
  changedMeanwhile: number;
  /** Values that do not open here: which row, and why. */
  unreadable: Array<{ row: string; problem: string }>;
}

const BATCH = 100;

/**
 * Re-seals every value not under the keyring's primary key. Each value is rewritten by its own
 * statement, only if it still holds what was read (so a value an operator changed meanwhile is
 * never overwritten with stale plaintext); values already under the primary key are not touched,
 * so a second run changes nothing. Rows are walked in key order, a batch at a time.
 */
export async function resealAll(em: EntityManager, keyring: Keyring): Promise<ResealReport[]> {
  const reports: ResealReport[] = [];
  for (const c of SEALED_COLUMNS) reports.push(await resealColumn(em, keyring, c));
  return reports;
}

/** Calls `visit` for each row whose value `filter` keeps, in key order, a batch at a time. */
async function walkColumn(
  em: EntityManager,
  c: SealedColumn,
  filter: { sql: string; params: unknown[] },
  visit: (row: Record<string, unknown>, sealed: string) => Promise<void>,
): Promise<void> {
  const keys = c.keyColumns.join(', ');
  const selected = [...c.keyColumns, ...c.contextColumns, c.column].join(', ');
  let after: unknown[] | null = null;
  for (;;) {
    const rows: Array<Record<string, unknown>> = await em.execute(
      `select ${selected} from ${c.table}
        where ${c.column} is not null ${filter.sql}
          ${after ? `and (${keys}) > (${after.map(() => '?').join(', ')})` : ''}
        order by ${keys} limit ${BATCH}`,
      after ? [...filter.params, ...after] : filter.params,
    );
    if (!rows.length) return;
    for (const row of rows) await visit(row, String(row[c.column]));
    const last = rows[rows.length - 1]!;
    after = c.keyColumns.map((k) => last[k]);
  }
}

/** The plaintext, or why it does not open (recorded in `unreadable`). */
function tryOpen(
  keyring: Keyring,
  c: SealedColumn,
  row: Record<string, unknown>,
  sealed: string,
  unreadable: Array<{ row: string; problem: string }>,
): string | null {
  try {
    return keyring.open(sealed, c.context(row));
  } catch (error) {
    if (!(error instanceof SealedValueError)) throw error;
    unreadable.push({ row: c.describe(row), problem: error.message });
    return null;
  }
}

async function resealColumn(em: EntityManager, keyring: Keyring, c: SealedColumn): Promise<ResealReport> {
  const report: ResealReport = {
    column: columnName(c),
    examined: 0,
    rewritten: 0,
    changedMeanwhile: 0,
    unreadable: [],
  };
  // `_` may appear in a key id and is a LIKE wildcard.
  const current = `v2.${keyring.primaryKeyId.replaceAll('_', '\\_')}.%`;
  await walkColumn(em, c, { sql: `and ${c.column} not like ?`, params: [current] }, async (row, sealed) => {
    report.examined += 1;
    const plaintext = tryOpen(keyring, c, row, sealed, report.unreadable);
    if (plaintext === null) return;
    const updated = await em.execute<unknown[]>(
      `update ${c.table} set ${c.column} = ?
        where ${c.keyColumns.map((k) => `${k} = ?`).join(' and ')} and ${c.column} = ? returning 1`,
      [keyring.seal(plaintext, c.context(row)), ...c.keyColumns.map((k) => row[k]), sealed],
    );
    if (updated.length) report.rewritten += 1;
    else report.changedMeanwhile += 1;
  });
  return report;
}

/**
 * Every value that does not open with `keyring` for its own row (under a key not held, altered,
 * or copied from another row): read only.
 */
export async function unreadableSealedValues(
  em: EntityManager,
  keyring: Keyring,
): Promise<Array<{ column: string; row: string; problem: string }>> {
  const found: Array<{ column: string; row: string; problem: string }> = [];
  for (const c of SEALED_COLUMNS) {
    const unreadable: Array<{ row: string; problem: string }> = [];
    await walkColumn(em, c, { sql: '', params: [] }, async (row, sealed) => {
      tryOpen(keyring, c, row, sealed, unreadable);
    });
    found.push(...unreadable.map((u) => ({ column: columnName(c), ...u })));
  }
  return found;
}
