import { metricValue, percentile, trendOf, warmUpPoints } from '../../../scripts/soak/trend.js';

describe('the soak’s trend of a series read once a minute', () => {
  const flat = [200, 212, 209, 211, 208, 212, 210, 209, 211, 210, 208, 212, 210, 211, 209];

  it('calls a flat series with scatter flat', () => {
    const trend = trendOf(flat)!;
    expect(trend.grows).toBe(false);
    expect(Math.abs(trend.slopePerMinute)).toBeLessThan(0.3);
  });

  it('calls a steady leak growth, even a small one once it clears the scatter', () => {
    const leaking = flat.map((value, minute) => value + minute * 2);
    const trend = trendOf(leaking)!;
    expect(trend.grows).toBe(true);
    expect(trend.slopePerMinute).toBeCloseTo(2, 0);
  });

  it('leaves the warm-up out: a climb in the first minutes is not a leak', () => {
    const warming = [120, 160, 190, ...flat.slice(3)];
    expect(warmUpPoints(warming.length)).toBe(3);
    expect(trendOf(warming)!.grows).toBe(false);
  });

  it('ignores growth within the tolerance of the mean', () => {
    const creeping = Array.from({ length: 20 }, (_, minute) => 1000 + minute * 0.5);
    expect(trendOf(creeping)!.grows).toBe(false);
  });

  it('needs three readings after the warm-up, and skips missing ones', () => {
    expect(trendOf([1, 2])).toBeNull();
    expect(trendOf([1, null, null, null, 5])).toBeNull();
  });

  it('reads percentiles by nearest rank and values of a metrics page', () => {
    expect(percentile([5, 1, 4, 2, 3], 99)).toBe(5);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([], 99)).toBeNull();
    const page = '# HELP x\nnodejs_heap_size_used_bytes 52428800\nnodejs_heap_size_used_bytes_total 1\n';
    expect(metricValue(page, 'nodejs_heap_size_used_bytes')).toBe(52_428_800);
    expect(metricValue(page, 'missing')).toBeNull();
  });
});
