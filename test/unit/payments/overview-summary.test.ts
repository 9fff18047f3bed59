import { overviewWindow, summarizeOverview, type OverviewRow } from '../../../db/payments/overview.js';

const window = { mode: 'TEST' as const, ...overviewWindow(new Date('2026-11-25T10:00:00Z'), 7) };

function row(gateway: string | null, status: OverviewRow['status'], count: number): OverviewRow {
  return {
    day: '2026-11-25',
    appId: 1,
    appName: 'Shop',
    gateway,
    currency: 'BDT',
    status,
    count,
    totalMinor: count * 1000,
  };
}

describe('summarizeOverview by gateway', () => {
  it('keeps payments with no gateway chosen yet as their own row, last among equals', () => {
    const summary = summarizeOverview(
      [
        row(null, 'CREATED', 2),
        row('sslcommerz', 'SUCCEEDED', 2),
        row('bkash', 'FAILED', 2),
        row('nagad', 'SUCCEEDED', 5),
      ],
      window,
    );
    expect(summary.byGateway.map((g) => [g.gateway, g.count])).toEqual([
      ['nagad', 5],
      ['bkash', 2],
      ['sslcommerz', 2],
      [null, 2],
    ]);
    expect(summary.byGateway.at(-1)).toMatchObject({ open: 2, succeeded: 0, successRate: null });
  });

  it('orders a busier unchosen row before quieter gateways', () => {
    const summary = summarizeOverview([row('bkash', 'SUCCEEDED', 1), row(null, 'PENDING', 3)], window);
    expect(summary.byGateway.map((g) => g.gateway)).toEqual([null, 'bkash']);
  });
});
