import { GAUGE_CACHE_MS, LEDGER_CHECK_CACHE_MS, createMetrics, methodLabel } from '../../../api/metrics.js';

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
      async () => [],
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

  it('runs the ledger checks at most once per their own, longer period, and a failed run fails no scrape', async () => {
    let now = 1_000_000;
    let runs = 0;
    const metrics = createMetrics(
      async () => [],
      async () => {
        runs += 1;
        if (runs === 2) throw new Error('database away');
        return [
          { name: 'balanced-entries', rule: 'r', breaches: [] },
          {
            name: 'entry-sources',
            rule: 'r',
            breaches: [{ subject: 'CAPTURE p1', problem: 'payment is FAILED' }],
          },
        ];
      },
      () => now,
    );
    const first = await metrics.registry.metrics();
    expect(first).toContain('ledger_verify_breaches{check="balanced-entries"} 0');
    expect(first).toContain('ledger_verify_breaches{check="entry-sources"} 1');
    now += GAUGE_CACHE_MS + 1;
    await metrics.registry.metrics();
    expect(runs).toBe(1);
    now += LEDGER_CHECK_CACHE_MS;
    const failed = await metrics.registry.metrics();
    expect(runs).toBe(2);
    expect(failed).not.toContain('ledger_verify_breaches{');
    // The failed run is not kept: the next scrape runs the checks again.
    expect(await metrics.registry.metrics()).toContain('ledger_verify_breaches{check="entry-sources"} 1');
    expect(runs).toBe(3);
  });

  it('labels requests only with methods it knows', () => {
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel('X'.repeat(100))).toBe('OTHER');
  });
});
