/**
 * Turns what one payment lifecycle was measured to cost (`npm run bench:sizing`) into a sizing
 * table: payments per day → processes, cores, memory, database connections, IOPS and storage.
 * Pure arithmetic on stated assumptions, so the same measurement always gives the same table and
 * every figure in it can be traced to one measured number and one assumption.
 */

/** One lifecycle's measured cost (create → checkout → gateway → ledger → webhook). */
export interface PerLifecycleCost {
  apiCpuMs: number;
  workerCpuMs: number;
  postgresCpuMs: number;
  /** The Temporal server's CPU (the development server in the bench: a lower bound for a cluster). */
  temporalCpuMs: number;
  /** SQL statements (pg_stat_statements) or, without that module, transactions. */
  statements: number;
  statementsCounted: 'statements' | 'transactions';
  rowsWritten: number;
  walBytes: number;
  databaseGrowthBytes: number;
  /** The payment workflow's history and its children's (webhook deliveries), at its end. */
  temporalHistoryBytes: number;
  temporalHistoryEvents: number;
}

/** What a process was measured to hold, and how many database connections it may open. */
export interface ProcessFootprint {
  apiPeakRssMb: number;
  workerPeakRssMb: number;
  /** DATABASE_POOL_MAX the processes ran with. */
  poolMaxPerProcess: number;
  /** Connections busy at once at the peak of the run, and the lifecycle rate they served. */
  busyConnectionsAtPeak: number;
  measuredLifecyclesPerS: number;
}

export interface SizingAssumptions {
  /** The busiest hour's share of a day's payments (0.1: a tenth of the day in one hour). */
  peakHourShare: number;
  /** CPU a process is planned to use at the peak hour (0.6: 40 % headroom for bursts and failover). */
  cpuTarget: number;
  /** Cores one API process or worker is given (a Kubernetes CPU request). */
  coresPerProcess: number;
  /** Never fewer processes of each kind than this: one can be lost or restarted. */
  minProcesses: number;
  /** A process's memory request: its measured peak RSS times this. */
  memoryHeadroom: number;
  /** PostgreSQL's page, the unit its reads and writes are counted in for IOPS. */
  pageBytes: number;
  /** Share of statements that read a page not in memory (0.01: 99 % of reads from shared buffers). */
  readMissShare: number;
  /** WAL kept for point-in-time recovery, in days. */
  pitrDays: number;
  /** How long Temporal keeps a closed workflow's history (the namespace's retention), in days. */
  temporalRetentionDays: number;
}

export const DEFAULT_ASSUMPTIONS: SizingAssumptions = {
  peakHourShare: 0.1,
  cpuTarget: 0.6,
  coresPerProcess: 1,
  minProcesses: 2,
  memoryHeadroom: 1.5,
  pageBytes: 8192,
  readMissShare: 0.01,
  pitrDays: 7,
  temporalRetentionDays: 7,
};

export const PAYMENTS_PER_DAY = [10_000, 100_000, 1_000_000, 5_000_000] as const;

export interface SizingRow {
  paymentsPerDay: number;
  peakLifecyclesPerS: number;
  api: { processes: number; cores: number; memoryMb: number };
  worker: { processes: number; cores: number; memoryMb: number };
  /** What the pools may open (processes × pool) and what is expected busy at the peak. */
  dbConnections: { poolLimit: number; busyAtPeak: number };
  postgres: { cores: number; statementsPerS: number; writeIops: number; readIops: number };
  storagePerMonthGb: { database: number; walForPitr: number };
  temporal: { cores: number; historyGb: number; eventsPerS: number };
}

const GB = 1024 ** 3;
const DAYS_PER_MONTH = 30;

function requirePositive(what: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${what} must be a positive number (got ${value})`);
}

function requireNonNegative(what: string, value: number): void {
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${what} must be a number of at least 0 (got ${value})`);
}

export function checkAssumptions(a: SizingAssumptions): void {
  for (const key of ['peakHourShare', 'cpuTarget', 'readMissShare'] as const) {
    if (!Number.isFinite(a[key]) || a[key] <= 0 || a[key] > 1)
      throw new Error(`${key} must be a share above 0 and at most 1 (got ${a[key]})`);
  }
  for (const key of ['coresPerProcess', 'pageBytes', 'memoryHeadroom'] as const) requirePositive(key, a[key]);
  for (const key of ['pitrDays', 'temporalRetentionDays'] as const) requireNonNegative(key, a[key]);
  if (!Number.isInteger(a.minProcesses) || a.minProcesses < 1)
    throw new Error(`minProcesses must be a whole number of at least 1 (got ${a.minProcesses})`);
}

function checkMeasurement(cost: PerLifecycleCost, footprint: ProcessFootprint): void {
  for (const [key, value] of Object.entries(cost))
    if (typeof value === 'number') requireNonNegative(key, value);
  requirePositive('apiPeakRssMb', footprint.apiPeakRssMb);
  requirePositive('workerPeakRssMb', footprint.workerPeakRssMb);
  requirePositive('poolMaxPerProcess', footprint.poolMaxPerProcess);
  requireNonNegative('busyConnectionsAtPeak', footprint.busyConnectionsAtPeak);
  requirePositive('measuredLifecyclesPerS', footprint.measuredLifecyclesPerS);
}

/** Rounded up at one decimal: a size is never rounded below what it needs. */
const up1 = (value: number) => Math.ceil(value * 10 - 1e-9) / 10;
const up = (value: number) => Math.ceil(value - 1e-9);

/** Cores for `cpuMs` per lifecycle at `perS` lifecycles a second, planned at `cpuTarget`. */
function coresFor(cpuMs: number, perS: number, cpuTarget: number): number {
  return (cpuMs * perS) / 1000 / cpuTarget;
}

/** One row: what `paymentsPerDay` payments need, each a lifecycle as measured. */
export function sizingRow(
  paymentsPerDay: number,
  cost: PerLifecycleCost,
  footprint: ProcessFootprint,
  assumptions: SizingAssumptions = DEFAULT_ASSUMPTIONS,
): SizingRow {
  requireNonNegative('paymentsPerDay', paymentsPerDay);
  checkAssumptions(assumptions);
  checkMeasurement(cost, footprint);
  const a = assumptions;
  const peakPerS = (paymentsPerDay * a.peakHourShare) / 3600;
  const processes = (cpuMs: number) =>
    Math.max(a.minProcesses, up(coresFor(cpuMs, peakPerS, a.cpuTarget) / a.coresPerProcess));
  const apiProcesses = processes(cost.apiCpuMs);
  const workerProcesses = processes(cost.workerCpuMs);
  // Little's law: connections busy at once grow with the rate they serve.
  const busyPerLifecyclePerS = footprint.busyConnectionsAtPeak / footprint.measuredLifecyclesPerS;
  const walPagesPerS = (peakPerS * cost.walBytes) / a.pageBytes;
  const perDay = (bytes: number) => bytes * paymentsPerDay;
  return {
    paymentsPerDay,
    peakLifecyclesPerS: up1(peakPerS),
    api: {
      processes: apiProcesses,
      cores: apiProcesses * a.coresPerProcess,
      memoryMb: up(apiProcesses * footprint.apiPeakRssMb * a.memoryHeadroom),
    },
    worker: {
      processes: workerProcesses,
      cores: workerProcesses * a.coresPerProcess,
      memoryMb: up(workerProcesses * footprint.workerPeakRssMb * a.memoryHeadroom),
    },
    dbConnections: {
      poolLimit: (apiProcesses + workerProcesses) * footprint.poolMaxPerProcess,
      busyAtPeak: up(busyPerLifecyclePerS * peakPerS),
    },
    postgres: {
      cores: up1(coresFor(cost.postgresCpuMs, peakPerS, a.cpuTarget)),
      statementsPerS: up(peakPerS * cost.statements),
      // The WAL's pages, and the checkpointer writing about as many data pages again.
      writeIops: up(walPagesPerS * 2),
      readIops: up(peakPerS * cost.statements * a.readMissShare),
    },
    storagePerMonthGb: {
      database: up1((perDay(cost.databaseGrowthBytes) * DAYS_PER_MONTH) / GB),
      walForPitr: up1((perDay(cost.walBytes) * a.pitrDays) / GB),
    },
    temporal: {
      cores: up1(coresFor(cost.temporalCpuMs, peakPerS, a.cpuTarget)),
      historyGb: up1((perDay(cost.temporalHistoryBytes) * a.temporalRetentionDays) / GB),
      eventsPerS: up(peakPerS * cost.temporalHistoryEvents),
    },
  };
}

export function sizingTable(
  cost: PerLifecycleCost,
  footprint: ProcessFootprint,
  assumptions: SizingAssumptions = DEFAULT_ASSUMPTIONS,
  paymentsPerDay: readonly number[] = PAYMENTS_PER_DAY,
): SizingRow[] {
  return paymentsPerDay.map((perDay) => sizingRow(perDay, cost, footprint, assumptions));
}

/**
 * The comparable products' unit (a Hyperswitch guide: about 15 requests per second per 3 GB pod):
 * lifecycles per second one process of `coresPerProcess` carries at the CPU target, and its memory.
 */
export function perProcessCapacity(
  cost: PerLifecycleCost,
  footprint: ProcessFootprint,
  assumptions: SizingAssumptions = DEFAULT_ASSUMPTIONS,
): {
  api: { lifecyclesPerS: number; memoryMb: number };
  worker: { lifecyclesPerS: number; memoryMb: number };
} {
  checkAssumptions(assumptions);
  checkMeasurement(cost, footprint);
  const carries = (cpuMs: number) =>
    cpuMs > 0 ? Math.floor((assumptions.coresPerProcess * assumptions.cpuTarget * 1000) / cpuMs) : Infinity;
  return {
    api: {
      lifecyclesPerS: carries(cost.apiCpuMs),
      memoryMb: up(footprint.apiPeakRssMb * assumptions.memoryHeadroom),
    },
    worker: {
      lifecyclesPerS: carries(cost.workerCpuMs),
      memoryMb: up(footprint.workerPeakRssMb * assumptions.memoryHeadroom),
    },
  };
}

const count = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });
const coresOf = (cores: number) => (cores === 1 ? 'one core' : `${count(cores)} cores`);

/** The table as Markdown, one column per payments-per-day figure. */
export function sizingMarkdown(
  cost: PerLifecycleCost,
  footprint: ProcessFootprint,
  assumptions: SizingAssumptions = DEFAULT_ASSUMPTIONS,
  paymentsPerDay: readonly number[] = PAYMENTS_PER_DAY,
): string {
  const rows = sizingTable(cost, footprint, assumptions, paymentsPerDay);
  const capacity = perProcessCapacity(cost, footprint, assumptions);
  const line = (label: string, cell: (row: SizingRow) => string) =>
    `| ${label} | ${rows.map(cell).join(' | ')} |`;
  const cores = coresOf(assumptions.coresPerProcess);
  return [
    `One API process of ${cores} carries **${count(capacity.api.lifecyclesPerS)} lifecycles/s** in ` +
      `${count(capacity.api.memoryMb)} MB; one worker of ${cores} carries ` +
      `**${count(capacity.worker.lifecyclesPerS)} lifecycles/s** in ${count(capacity.worker.memoryMb)} MB ` +
      `(at ${Math.round(assumptions.cpuTarget * 100)} % CPU).`,
    '',
    `| payments per day | ${rows.map((row) => count(row.paymentsPerDay)).join(' | ')} |`,
    `|---|${rows.map(() => '---').join('|')}|`,
    line('peak lifecycles/s', (row) => count(row.peakLifecyclesPerS)),
    line('API processes (cores)', (row) => `${row.api.processes} (${row.api.cores})`),
    line('API memory, MB', (row) => count(row.api.memoryMb)),
    line('worker processes (cores)', (row) => `${row.worker.processes} (${row.worker.cores})`),
    line('worker memory, MB', (row) => count(row.worker.memoryMb)),
    line(
      'DB connections: pool limit / busy at peak',
      (row) => `${count(row.dbConnections.poolLimit)} / ${count(row.dbConnections.busyAtPeak)}`,
    ),
    line('PostgreSQL cores', (row) => count(row.postgres.cores)),
    line(
      cost.statementsCounted === 'statements'
        ? 'PostgreSQL statements/s'
        : 'PostgreSQL transactions/s (statements not counted)',
      (row) => count(row.postgres.statementsPerS),
    ),
    line(
      'PostgreSQL IOPS: write / read',
      (row) => `${count(row.postgres.writeIops)} / ${count(row.postgres.readIops)}`,
    ),
    line('database growth per month, GB', (row) => count(row.storagePerMonthGb.database)),
    line(`WAL kept for PITR (${assumptions.pitrDays} days), GB`, (row) =>
      count(row.storagePerMonthGb.walForPitr),
    ),
    line('Temporal cores (server)', (row) => count(row.temporal.cores)),
    line('Temporal history events/s', (row) => count(row.temporal.eventsPerS)),
    line(`Temporal history kept (${assumptions.temporalRetentionDays} days), GB`, (row) =>
      count(row.temporal.historyGb),
    ),
    '',
    `Assumptions: the peak hour carries ${Math.round(assumptions.peakHourShare * 100)} % of the day; ` +
      `processes planned at ${Math.round(assumptions.cpuTarget * 100)} % CPU, at least ${assumptions.minProcesses} of each; ` +
      `memory ${assumptions.memoryHeadroom}× the measured peak RSS; ` +
      `write IOPS = WAL bytes/s ÷ ${assumptions.pageBytes / 1024} KiB pages × 2 (the checkpointer writes about as many data pages); ` +
      `read IOPS = statements/s × ${assumptions.readMissShare} (reads missing shared buffers); a month is ${DAYS_PER_MONTH} days.`,
  ].join('\n');
}
