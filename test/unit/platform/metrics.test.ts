import { GAUGE_CACHE_MS, createMetrics, methodLabel } from '../../../api/metrics.js';

describe('metrics', () => {
  it('reads the business gauges from the database at most once per period, however often scraped', async () => {
    let now = 1_000_000;
    let queries = 0;
    const metrics = createMetrics(
      async <T>(sql: string) => {
        queries += 1;
        if (sql.includes('attention_reason')) return [{ mode: 'LIVE', count: '2' }] as T[];
        return (
          sql.includes('from payments')
            ? [{ mode: 'TEST', status: 'SUCCEEDED', count: String(queries) }]
            : [{ delivery_status: 'DELIVERED', count: '1' }]
        ) as T[];
      },
      async () => null,
      () => now,
    );
    for (let i = 0; i < 20; i++) await metrics.registry.metrics();
    // Three gauges read the database: open attention items, payments, webhook events.
    expect(queries).toBe(3);
    now += GAUGE_CACHE_MS + 1;
    const text = await metrics.registry.metrics();
    expect(queries).toBe(6);
    expect(text).toContain('payments{mode="TEST",status="SUCCEEDED"} 5');
    expect(text).toContain('attention_open{mode="LIVE"} 2');
  });

  it('shows the latest scheduled ledger run, read once per period, and no series before a run or when it cannot read', async () => {
    let now = 1_000_000;
    let reads = 0;
    const finishedAt = new Date('2027-02-01T10:00:00Z');
    const metrics = createMetrics(
      async () => [],
      async () => {
        reads += 1;
        if (reads === 1) return null;
        if (reads === 3) throw new Error('database away');
        return {
          startedAt: new Date(finishedAt.getTime() - 5000),
          finishedAt,
          checks: [
            { name: 'balanced-entries', breaches: 0 },
            { name: 'entry-sources', breaches: 1 },
          ],
        };
      },
      () => now,
    );
    const before = await metrics.registry.metrics();
    expect(before).not.toContain('ledger_verify_breaches{');
    // 0: no run yet, which an alert on the run's age reads as long overdue.
    expect(before).toMatch(/^ledger_verify_last_run_timestamp_seconds 0$/m);
    now += GAUGE_CACHE_MS + 1;
    const after = await metrics.registry.metrics();
    expect(after).toContain('ledger_verify_breaches{check="balanced-entries"} 0');
    expect(after).toContain('ledger_verify_breaches{check="entry-sources"} 1');
    expect(after).toContain(`ledger_verify_last_run_timestamp_seconds ${finishedAt.getTime() / 1000}`);
    await metrics.registry.metrics();
    expect(reads).toBe(2);
    now += GAUGE_CACHE_MS + 1;
    expect(await metrics.registry.metrics()).not.toContain('ledger_verify_breaches{');
    // A failed read is not kept: the next scrape reads again.
    expect(await metrics.registry.metrics()).toContain('ledger_verify_breaches{check="entry-sources"} 1');
    expect(reads).toBe(4);
  });

  it('labels requests only with methods it knows', () => {
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel('X'.repeat(100))).toBe('OTHER');
  });
});
