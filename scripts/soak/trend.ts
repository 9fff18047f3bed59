/**
 * Whether a series read once a minute grows, told apart from noise: a least-squares line through
 * the minutes after the warm-up, and the growth it predicts over them set against the scatter
 * around it. Pure, so the verdict is tested apart from any run.
 */

export interface Trend {
  /** Readings fitted (the warm-up's are left out). */
  points: number;
  /** Units per minute. */
  slopePerMinute: number;
  /** What the line predicts from the first fitted minute to the last. */
  growth: number;
  /** Standard deviation of the readings around the line. */
  noise: number;
  mean: number;
  /** Growth beyond noise: more than 3× the scatter and more than `tolerance` of the mean. */
  grows: boolean;
}

/** The readings a fit leaves out at the start: the first fifth, at least 2 when there are 10 or more. */
export function warmUpPoints(count: number): number {
  return count >= 10 ? Math.max(2, Math.floor(count / 5)) : Math.floor(count / 5);
}

/**
 * `values[i]` read at minute `i`; null readings are skipped. `tolerance` is the share of the mean
 * that growth may reach before it counts (memory moves a little with every collection).
 */
export function trendOf(values: Array<number | null>, tolerance = 0.05): Trend | null {
  const points = values
    .map((value, minute) => ({ minute, value }))
    .slice(warmUpPoints(values.length))
    .filter((point): point is { minute: number; value: number } => point.value !== null);
  if (points.length < 3) return null;
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.minute, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.value, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.minute - meanX) ** 2, 0);
  const sxy = points.reduce((sum, p) => sum + (p.minute - meanX) * (p.value - meanY), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residuals = points.map((p) => p.value - (intercept + slope * p.minute));
  const noise = Math.sqrt(residuals.reduce((sum, r) => sum + r * r, 0) / Math.max(1, n - 2));
  const span = points[n - 1]!.minute - points[0]!.minute;
  const growth = slope * span;
  return {
    points: n,
    slopePerMinute: round(slope, 3),
    growth: round(growth, 2),
    noise: round(noise, 2),
    mean: round(meanY, 2),
    grows: growth > 3 * noise && growth > tolerance * Math.abs(meanY),
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The p-th percentile (0–100) of `samples`, nearest rank; null for none. */
export function percentile(samples: number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank]!, 1);
}

/** One value of a Prometheus text exposition by metric name (no labels), or null. */
export function metricValue(exposition: string, name: string): number | null {
  const line = exposition.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{}`));
  if (!line) return null;
  const value = Number(line.slice(line.lastIndexOf(' ') + 1));
  return Number.isFinite(value) ? value : null;
}
