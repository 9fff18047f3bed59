/**
 * `npm run bench:sizing`'s knobs, from BENCH_SIZING_* environment variables (the bench's own
 * BENCH_* settings, `--api-processes` and `--workers` apply as well), and its `--table <json>`
 * mode, which measures nothing and prints the sizing table of an earlier run.
 */
export interface SizingOptions {
  /** Lifecycles measured at each rate. */
  lifecycles: number;
  /** Lifecycles started per second in the first (main) phase. */
  ratePerS: number;
  /** The second phase's rate, to show the per-lifecycle figures hold at another load (0: skip). */
  secondRatePerS: number;
  /** Lifecycles run first and not measured: the code warming, the pools filling. */
  warmupLifecycles: number;
  /** Share of lifecycles the app partly refunds after the webhook (0 to 1). */
  refundShare: number;
  /** Seconds of an idle window before the phases: what the processes cost doing nothing. */
  idleS: number;
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max = Infinity): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(
      `${name} must be a number from ${min}${max === Infinity ? ' up' : ` to ${max}`} (got '${raw}')`,
    );
  return value;
}

export function readSizingOptions(env: NodeJS.ProcessEnv = process.env): SizingOptions {
  const ratePerS = num(env, 'BENCH_SIZING_RATE', 10, 0.1);
  const lifecycles = num(env, 'BENCH_SIZING_LIFECYCLES', 3_000, 1);
  if (!Number.isInteger(lifecycles)) throw new Error(`BENCH_SIZING_LIFECYCLES must be a whole number`);
  return {
    lifecycles,
    ratePerS,
    secondRatePerS: num(env, 'BENCH_SIZING_SECOND_RATE', ratePerS * 1.5, 0),
    warmupLifecycles: Math.round(num(env, 'BENCH_SIZING_WARMUP_LIFECYCLES', 100, 0)),
    refundShare: num(env, 'BENCH_SIZING_REFUND_SHARE', 0.1, 0, 1),
    idleS: num(env, 'BENCH_SIZING_IDLE_S', 10, 0),
  };
}

/**
 * `--table <json>` (and `--write <page.md>`, which puts the table into that page's table block)
 * taken out of the command line; the rest is the bench's (`--workers 2` …).
 */
export function tableFlag(argv: string[]): { table: string | null; write: string | null; rest: string[] } {
  const rest: string[] = [];
  const found: { table: string | null; write: string | null } = { table: null, write: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    if (flag !== '--table' && flag !== '--write') {
      rest.push(argv[i]!);
      continue;
    }
    const value = inline ?? argv[++i];
    if (!value)
      throw new Error(
        flag === '--table'
          ? '--table takes the path of a sizing results file (bench-results/sizing-*.json)'
          : '--write takes the path of a Markdown page with a sizing-table block',
      );
    found[flag === '--table' ? 'table' : 'write'] = value;
  }
  if (found.write && !found.table) throw new Error('--write needs --table <json>: the run to write from');
  return { ...found, rest };
}

/** Is lifecycle `index` (0-based, in start order) one of the `share` refunded? Spread evenly. */
export function refundsLifecycle(index: number, share: number): boolean {
  return Math.floor((index + 1) * share) > Math.floor(index * share);
}
