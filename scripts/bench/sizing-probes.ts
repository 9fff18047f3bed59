import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { round } from './load.js';

const EventType = temporal.api.enums.v1.EventType;

/**
 * What PostgreSQL has done so far, read at the two ends of a phase. The counters come from the
 * admin connection's database (`postgres`), never the bench's own, so reading them adds nothing to
 * what they count; only pg_stat_statements is read in the bench database (it is per database).
 */
export interface PostgresCounters {
  at: number;
  /** pg_stat_statements' calls in the bench database, null when the module is not loaded. */
  statements: number | null;
  transactions: number;
  rowsWritten: number;
  rowsRead: number;
  /** pg_current_wal_lsn() as a byte position: cluster-wide, other databases' writes included. */
  walLsnBytes: bigint;
  /** The same position as PostgreSQL writes it (0/5A09A830), to read the WAL between two. */
  walLsn: string;
  databaseBytes: number;
}

export interface PostgresDelta {
  statements: number | null;
  transactions: number;
  rowsWritten: number;
  rowsRead: number;
  /** Everything the cluster wrote to its WAL meanwhile, other databases included. */
  clusterWalBytes: number;
  databaseGrowthBytes: number;
}

/** WAL records that changed the bench database's relations (pg_walinspect). */
export interface DatabaseWal {
  bytes: number;
  /** Of those bytes, full-page images: they follow each checkpoint, so they depend on its interval. */
  fullPageImageBytes: number;
  records: number;
}

export class PostgresProbe {
  private statementsReadable = false;
  private walReadable = false;

  private constructor(
    private readonly admin: PgClient,
    private readonly bench: PgClient,
    private readonly databaseName: string,
  ) {}

  static async open(adminUrl: string, databaseUrl: string, databaseName: string): Promise<PostgresProbe> {
    const admin = new PgClient({ connectionString: adminUrl, application_name: 'bench-sizing-probe' });
    const bench = new PgClient({ connectionString: databaseUrl, application_name: 'bench-sizing-probe' });
    await admin.connect();
    await bench.connect();
    const probe = new PostgresProbe(admin, bench, databaseName);
    await probe.enableStatements();
    await probe.enableWalInspection();
    return probe;
  }

  /** 'pg_stat_statements' when statements are counted, otherwise what stands in for them. */
  get statementsMethod(): string {
    return this.statementsReadable
      ? 'pg_stat_statements (calls)'
      : 'pg_stat_database xact_commit + xact_rollback (transactions; pg_stat_statements is not in shared_preload_libraries)';
  }

  get walMethod(): string {
    return this.walReadable
      ? "pg_walinspect: record_length of the WAL records whose block references are the bench database's relations (commit records, which name no relation, excluded)"
      : 'pg_current_wal_lsn() difference: cluster-wide, other databases included (pg_walinspect unavailable); compare with the idle baseline';
  }

  /**
   * PostgreSQL 15's pg_walinspect reads the WAL back; it needs a superuser (the admin URL's). A
   * checkpoint during a long phase would recycle the segments it has to read, so a temporary
   * replication slot on the probe's connection keeps them until the probe closes.
   */
  private async enableWalInspection(): Promise<void> {
    try {
      await this.bench.query('create extension if not exists pg_walinspect');
      await this.bench.query(
        `select pg_create_physical_replication_slot('bench_sizing_' || pg_backend_pid(), true, true)`,
      );
      this.walReadable = true;
    } catch {
      this.walReadable = false;
    }
  }

  /** The bench database's share of the WAL written between two reads, null without pg_walinspect. */
  async databaseWal(from: PostgresCounters, to: PostgresCounters): Promise<DatabaseWal | null> {
    if (!this.walReadable) return null;
    try {
      return await this.walBetween(from, to);
    } catch (error) {
      // The run keeps the cluster-wide figure rather than failing after minutes of measurement.
      console.warn(`could not read the database's WAL back: ${String(error)}`);
      return null;
    }
  }

  private async walBetween(from: PostgresCounters, to: PostgresCounters): Promise<DatabaseWal> {
    const { rows } = await this.bench.query<{ bytes: string; fpi: string; records: string }>(
      `select coalesce(sum(record_length), 0)::text as bytes, coalesce(sum(fpi_length), 0)::text as fpi,
              count(*)::text as records
         from pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn)
        where block_ref ~ ('rel \\d+/' || (select oid from pg_database where datname = current_database()) || '/')`,
      [from.walLsn, to.walLsn],
    );
    return {
      bytes: Number(rows[0]?.bytes ?? 0),
      fullPageImageBytes: Number(rows[0]?.fpi ?? 0),
      records: Number(rows[0]?.records ?? 0),
    };
  }

  /** The extension answers only where the server preloaded its library; elsewhere it is skipped. */
  private async enableStatements(): Promise<void> {
    try {
      await this.bench.query('create extension if not exists pg_stat_statements');
      await this.bench.query('select count(*) from pg_stat_statements');
      this.statementsReadable = true;
    } catch {
      this.statementsReadable = false;
    }
  }

  async read(): Promise<PostgresCounters> {
    // Statistics are cached per transaction; each read here stands alone.
    await this.admin.query('select pg_stat_clear_snapshot()');
    const { rows } = await this.admin.query<{
      transactions: string;
      rows_written: string;
      rows_read: string;
      lsn: string;
      lsn_text: string;
      size: string;
    }>(
      `select xact_commit + xact_rollback as transactions,
              tup_inserted + tup_updated + tup_deleted as rows_written,
              tup_returned + tup_fetched as rows_read,
              pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text as lsn,
              pg_current_wal_lsn()::text as lsn_text,
              pg_database_size(datname) as size
         from pg_stat_database where datname = $1`,
      [this.databaseName],
    );
    const row = rows[0];
    if (!row) throw new Error(`database ${this.databaseName} has no statistics`);
    let statements: number | null = null;
    if (this.statementsReadable) {
      const result = await this.bench.query<{ calls: string | null }>(
        `select sum(calls)::text as calls from pg_stat_statements
          where dbid = (select oid from pg_database where datname = current_database())`,
      );
      statements = Number(result.rows[0]?.calls ?? 0);
    }
    return {
      at: performance.now(),
      statements,
      transactions: Number(row.transactions),
      rowsWritten: Number(row.rows_written),
      rowsRead: Number(row.rows_read),
      walLsnBytes: BigInt(row.lsn.split('.')[0]!),
      walLsn: row.lsn_text,
      databaseBytes: Number(row.size),
    };
  }

  /** Connections to the bench database now: all of them, and those running a statement. */
  async connections(): Promise<{ open: number; busy: number }> {
    const { rows } = await this.admin.query<{ open: string; busy: string }>(
      `select count(*) as open, count(*) filter (where state <> 'idle') as busy
         from pg_stat_activity where datname = $1 and application_name <> 'bench-sizing-probe'`,
      [this.databaseName],
    );
    return { open: Number(rows[0]?.open ?? 0), busy: Number(rows[0]?.busy ?? 0) };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.admin.end(), this.bench.end()]);
  }
}

export function postgresDelta(from: PostgresCounters, to: PostgresCounters): PostgresDelta {
  return {
    statements: from.statements === null || to.statements === null ? null : to.statements - from.statements,
    transactions: to.transactions - from.transactions,
    rowsWritten: to.rowsWritten - from.rowsWritten,
    rowsRead: to.rowsRead - from.rowsRead,
    clusterWalBytes: Number(to.walLsnBytes - from.walLsnBytes),
    databaseGrowthBytes: to.databaseBytes - from.databaseBytes,
  };
}

/** The highest connection counts seen while it runs: sampled every `everyMs`. */
export class ConnectionPeaks {
  open = 0;
  busy = 0;
  samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly probe: PostgresProbe,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // One read at a time on the probe's single connection.
      this.reading = this.reading.then(() => this.sample());
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<{ open: number; busy: number; samples: number }> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.reading;
    return { open: this.open, busy: this.busy, samples: this.samples };
  }

  private async sample(): Promise<void> {
    try {
      const now = await this.probe.connections();
      this.open = Math.max(this.open, now.open);
      this.busy = Math.max(this.busy, now.busy);
      this.samples += 1;
    } catch {
      // a missed sample only lowers the peak's resolution
    }
  }
}

/** A payment workflow's history with its children's (the webhook deliveries it started). */
export interface HistoryFootprint {
  sampled: number;
  /** Per payment, averaged: bytes and events of its workflow and its children together. */
  bytes: number;
  events: number;
  /** Per payment: how many workflows those were (1 + children). */
  workflows: number;
  /** Payment workflows still open when read: their history may still grow. */
  stillOpen: number;
}

/** DescribeWorkflowExecution's historySizeBytes and historyLength, over sampled payments. */
export async function historyFootprint(
  client: Client,
  workflowIds: string[],
): Promise<HistoryFootprint | null> {
  if (workflowIds.length === 0) return null;
  let bytes = 0;
  let events = 0;
  let workflows = 0;
  let stillOpen = 0;
  const describe = async (workflowId: string, top: boolean): Promise<void> => {
    const described = await client.workflowService.describeWorkflowExecution({
      namespace: 'default',
      execution: { workflowId },
    });
    const info = described.workflowExecutionInfo;
    bytes += Number(info?.historySizeBytes ?? 0);
    events += Number(info?.historyLength ?? 0);
    workflows += 1;
    if (top && !info?.closeTime) stillOpen += 1;
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    for (const event of history.events ?? []) {
      if (event.eventType !== EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) continue;
      const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
      if (child) await describe(child, false);
    }
  };
  for (const workflowId of workflowIds) await describe(workflowId, true);
  const per = (value: number) => round(value / workflowIds.length, 1);
  return {
    sampled: workflowIds.length,
    bytes: per(bytes),
    events: per(events),
    workflows: per(workflows),
    stillOpen,
  };
}
