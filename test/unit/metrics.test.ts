import { GAUGE_CACHE_MS, createMetrics, methodLabel } from '../../api/metrics.js';

describe('metrics', () => {
  it('reads the business gauges from the database at most once per period, however often scraped', async () => {
    let now = 1_000_000;
    let queries = 0;
    const metrics = createMetrics(
      async <T>(sql: string) => {
        queries += 1;
        return (
          sql.includes('from payments')
            ? [{ mode: 'TEST', status: 'SUCCEEDED', count: String(queries) }]
            : [{ delivery_status: 'DELIVERED', count: '1' }]
        ) as T[];
      },
      () => now,
    );
    for (let i = 0; i < 20; i++) await metrics.registry.metrics();
    expect(queries).toBe(2);
    now += GAUGE_CACHE_MS + 1;
    const text = await metrics.registry.metrics();
    expect(queries).toBe(4);
    expect(text).toContain('payments{mode="TEST",status="SUCCEEDED"} 3');
  });

  it('labels requests only with methods it knows', () => {
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel('X'.repeat(100))).toBe('OTHER');
  });
});
