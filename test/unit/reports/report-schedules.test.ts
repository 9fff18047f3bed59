import {
  describeTiming,
  nextRunAt,
  periodBefore,
  periodOfRun,
  weekdayOf,
} from '../../../domain/reports/report-schedules.js';
import { instantInZone } from '../../../domain/shared/company-day.js';
import { reportFileName } from '../../../domain/reports/report-types.js';

describe('report schedules in the company zone', () => {
  it('places a wall-clock time in Dhaka (UTC+6) and in a daylight-saving zone', () => {
    expect(instantInZone('2026-12-01', '07:00', 'Asia/Dhaka').toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(instantInZone('2026-07-01', '07:00', 'Europe/London').toISOString()).toBe(
      '2026-07-01T06:00:00.000Z',
    );
    expect(instantInZone('2026-12-01', '07:00', 'Europe/London').toISOString()).toBe(
      '2026-12-01T07:00:00.000Z',
    );
    expect(instantInZone('2026-12-01', '00:30', 'Asia/Dhaka').toISOString()).toBe('2026-11-30T18:30:00.000Z');
  });

  it('runs a daily schedule at the next time it comes round, never at the instant asked', () => {
    const timing = { cadence: 'DAILY' as const, at: '07:00' };
    const at = new Date('2026-12-01T01:00:00Z'); // 07:00 in Dhaka
    expect(nextRunAt(timing, new Date(at.getTime() - 1), 'Asia/Dhaka')).toEqual(at);
    expect(nextRunAt(timing, at, 'Asia/Dhaka').toISOString()).toBe('2026-12-02T01:00:00.000Z');
  });

  it('runs a weekly schedule on its weekday and a monthly one on its day', () => {
    expect(weekdayOf('2026-11-30')).toBe(1); // a Monday
    const weekly = nextRunAt(
      { cadence: 'WEEKLY', at: '08:15', weekday: 1 },
      new Date('2026-12-01T00:00:00Z'),
      'Asia/Dhaka',
    );
    expect(weekly.toISOString()).toBe('2026-12-07T02:15:00.000Z');
    const monthly = nextRunAt(
      { cadence: 'MONTHLY', at: '06:00', monthDay: 1 },
      new Date('2026-11-30T23:00:00Z'),
      'Asia/Dhaka',
    );
    expect(monthly.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    const after = nextRunAt({ cadence: 'MONTHLY', at: '06:00', monthDay: 1 }, monthly, 'Asia/Dhaka');
    expect(after.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('covers the last whole day, week (Monday–Sunday) or month before the run', () => {
    expect(periodBefore('DAILY', '2026-03-01')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(periodBefore('WEEKLY', '2026-12-02')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodBefore('WEEKLY', '2026-11-30')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodBefore('MONTHLY', '2026-01-01')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodBefore('MONTHLY', '2028-03-15')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('reads the run day in the company zone, not in UTC', () => {
    // 2026-11-30 20:00 UTC is already 1 December in Dhaka.
    expect(periodOfRun('DAILY', new Date('2026-11-30T20:00:00Z'), 'Asia/Dhaka')).toEqual({
      from: '2026-11-30',
      to: '2026-11-30',
    });
  });

  it('says when it runs and names its file safely', () => {
    expect(describeTiming({ cadence: 'WEEKLY', at: '07:00', weekday: 1 })).toBe('Every Monday at 07:00');
    expect(
      reportFileName(
        { type: 'statement', mode: 'LIVE', from: '2026-11-01', to: '2026-11-30', appId: 3 },
        'xlsx',
      ),
    ).toBe('statement-app-3-LIVE-2026-11-01-to-2026-11-30.xlsx');
  });
});
