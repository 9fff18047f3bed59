import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../platform/config/index.js';
import { formatInZone, formatUtc, isTimeZone } from '../../../domain/shared/company-time.js';
import { majorUnitsText, readMajorUnits } from '../../../domain/shared/major-units.js';
import { companyTime, useCompanyTimeZone } from '../../../api/admin/pages/times.js';

const deployment = {
  CREDENTIAL_PEPPER: randomBytes(32).toString('base64'),
  PUBLIC_URL: 'https://pay.example.com',
  TRUSTED_PROXY_HOPS: '1',
  TRUSTED_PROXY_ADDRESSES: '172.30.0.10',
  TEMPORAL_TLS: 'true',
};

describe("the company's time zone", () => {
  it('defaults to Asia/Dhaka, takes any IANA zone, and refuses an unknown one at start-up', () => {
    expect(loadConfig(deployment).COMPANY_TIME_ZONE).toBe('Asia/Dhaka');
    expect(loadConfig({ ...deployment, COMPANY_TIME_ZONE: '' }).COMPANY_TIME_ZONE).toBe('Asia/Dhaka');
    expect(loadConfig({ ...deployment, COMPANY_TIME_ZONE: 'europe/london' }).COMPANY_TIME_ZONE).toBe(
      'Europe/London',
    );
    expect(() => loadConfig({ ...deployment, COMPANY_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /COMPANY_TIME_ZONE: must be an IANA time zone/,
    );
    expect(() => loadConfig({ ...deployment, COMPANY_TIME_ZONE: '+06:00 ' })).toThrow(/COMPANY_TIME_ZONE/);
    expect(isTimeZone('UTC')).toBe(true);
  });

  it('shows the wall-clock time there, and the UTC time on hover', () => {
    const at = new Date('2026-11-27T20:30:05.123Z');
    // 20:30 UTC is already the next day in Dhaka (UTC+6, no summer time).
    expect(formatInZone(at, 'Asia/Dhaka')).toBe('2026-11-28 02:30:05 GMT+6');
    expect(formatInZone(new Date('2026-07-01T12:00:00Z'), 'Europe/London')).toBe('2026-07-01 13:00:00 GMT+1');
    expect(formatUtc(at)).toBe('2026-11-27 20:30:05 UTC');
    useCompanyTimeZone('Asia/Dhaka');
    expect(String(companyTime(at.toISOString()))).toMatch(
      /^<time datetime="2026-11-27T20:30:05.123Z" title="2026-11-27 20:30:05 UTC"\s*>2026-11-28 02:30:05 GMT\+6<\/time\s*>$/,
    );
    expect(companyTime(null)).toBe('—');
  });
});

describe('amounts typed in major units', () => {
  it.each([
    ['10,000.00 BDT', 'BDT', 1_000_000],
    ['10000', 'BDT', 1_000_000],
    ['BDT 250.5', 'BDT', 25_050],
    ['0.01', 'USD', 1],
    ['1,234,567.89 usd', 'USD', 123_456_789],
    ['1,500 JPY', 'JPY', 1_500],
    // Exact where floating point is not: 0.29 × 100 is 28.999… as a double.
    ['0.29', 'BDT', 29],
    ['90,071,992,547,409.91', 'BDT', 9_007_199_254_740_991],
  ] as const)('reads %s in %s as %d minor units', (typed, currency, minor) => {
    expect(readMajorUnits(typed, currency)).toEqual({ ok: true, amountMinor: minor });
  });

  it.each([
    ['10.001', 'BDT', /BDT has 2 decimals at most/],
    ['10.000', 'BDT', /BDT has 2 decimals at most/],
    ['100.5', 'JPY', /JPY has no decimals/],
    ['100 USD', 'BDT', /in BDT, not USD/],
    ['-5', 'BDT', /not an amount/],
    ['1e5', 'BDT', /not an amount/],
    ['10,00.00', 'BDT', /not an amount/],
    ['1.2.3', 'BDT', /not an amount/],
    ['abc', 'BDT', /not an amount: write it as 10,000.50 BDT/],
    ['', 'BDT', /enter an amount/],
    ['BDT', 'BDT', /enter an amount/],
    ['90,071,992,547,409.92', 'BDT', /too large/],
  ] as const)('refuses %s in %s', (typed, currency, problem) => {
    const reading = readMajorUnits(typed, currency);
    expect(reading.ok).toBe(false);
    expect(reading.ok ? '' : reading.problem).toMatch(problem);
  });

  it('writes minor units back as they are typed', () => {
    expect(majorUnitsText(1_000_000, 'BDT')).toBe('10,000.00');
    expect(majorUnitsText(1_500, 'JPY')).toBe('1,500');
    expect(majorUnitsText(null, 'BDT')).toBe('');
  });
});
