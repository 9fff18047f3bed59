import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../domain/mode.js';
import { gatewayCredentialsContext, webhookSecretContext } from '../domain/sealing-contexts.js';
import { LEGACY_KEY_ID, SealedValueError, type Keyring } from '../domain/secret-box.js';

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
  contextColumns: ['app_id', 'mode'],
  context: (row) => webhookSecretContext({ appId: Number(row.app_id), mode: row.mode as Mode }),
  describe: (row) => `app ${String(row.app_id)} ${String(row.mode)} webhook endpoint`,
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
        keyId: row.form === 'v1' ? LEGACY_KEY_ID : row.form === 'v2' ? row.key_id : `unknown form ${row.form}`,
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

async function resealColumn(em: EntityManager, keyring: Keyring, c: SealedColumn): Promise<ResealReport> {
  const report: ResealReport = {
    column: columnName(c),
    examined: 0,
    rewritten: 0,
    changedMeanwhile: 0,
    unreadable: [],
  };
  const keys = c.keyColumns.join(', ');
  const selected = [...c.keyColumns, ...c.contextColumns, c.column].join(', ');
  // `_` may appear in a key id and is a LIKE wildcard.
  const current = `v2.${keyring.primaryKeyId.replaceAll('_', '\\_')}.%`;
  let after: unknown[] | null = null;
  for (;;) {
    const rows: Array<Record<string, unknown>> = await em.execute(
      `select ${selected} from ${c.table}
        where ${c.column} is not null and ${c.column} not like ?
          ${after ? `and (${keys}) > (${after.map(() => '?').join(', ')})` : ''}
        order by ${keys} limit ${BATCH}`,
      after ? [current, ...after] : [current],
    );
    if (!rows.length) return report;
    for (const row of rows) {
      report.examined += 1;
      const sealed = String(row[c.column]);
      const context = c.context(row);
      let plaintext: string;
      try {
        plaintext = keyring.open(sealed, context);
      } catch (error) {
        if (!(error instanceof SealedValueError)) throw error;
        report.unreadable.push({ row: c.describe(row), problem: error.message });
        continue;
      }
      const updated = await em.execute<unknown[]>(
        `update ${c.table} set ${c.column} = ?
          where ${c.keyColumns.map((k) => `${k} = ?`).join(' and ')} and ${c.column} = ? returning 1`,
        [keyring.seal(plaintext, context), ...c.keyColumns.map((k) => row[k]), sealed],
      );
      if (updated.length) report.rewritten += 1;
      else report.changedMeanwhile += 1;
    }
    const last = rows[rows.length - 1]!;
    after = c.keyColumns.map((k) => last[k]);
  }
}
