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

  it('labels requests only with methods it knows', () => {
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel('X'.repeat(100))).toBe('OTHER');
  });
});
