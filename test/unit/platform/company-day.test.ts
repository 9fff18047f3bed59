import { overdueAt, reminderAt } from '../../../domain/invoices/installments.js';
import { nextInvoiceStep } from '../../../domain/invoices/invoice-schedule.js';
import { companyDayOf, companyMidnightOf } from '../../../domain/shared/company-day.js';
import { dateInZone } from '../../../domain/shared/company-time.js';

describe('the company day', () => {
  it('names the same date the day holds, in any zone (the journal export names postings so)', () => {
    for (const zone of ['Asia/Dhaka', 'America/New_York', 'Pacific/Kiritimati', 'UTC']) {
      for (const at of ['2027-03-01T20:30:00Z', '2027-03-14T06:59:59Z', '2027-12-31T23:00:00Z']) {
        expect(dateInZone(new Date(at), zone)).toBe(companyDayOf(new Date(at), zone).date);
      }
    }
    expect(dateInZone(new Date('2027-03-01T20:30:00Z'), 'Asia/Dhaka')).toBe('2027-03-02');
    expect(dateInZone(new Date('2027-03-01T20:30:00Z'), 'America/New_York')).toBe('2027-03-01');
  });

  it('runs from midnight to midnight in Dhaka (UTC+6), not in UTC', () => {
    // 20:30 UTC on 1 March is 02:30 on 2 March in Dhaka.
    const day = companyDayOf(new Date('2027-03-01T20:30:00Z'), 'Asia/Dhaka');
    expect(day.date).toBe('2027-03-02');
    expect(day.start.toISOString()).toBe('2027-03-01T18:00:00.000Z');
    expect(day.end.toISOString()).toBe('2027-03-02T18:00:00.000Z');
  });

  it('holds its own start and leaves out its end', () => {
    const day = companyDayOf(new Date('2027-03-01T18:00:00Z'), 'Asia/Dhaka');
    expect(day.date).toBe('2027-03-02');
    const before = companyDayOf(new Date('2027-03-01T17:59:59.999Z'), 'Asia/Dhaka');
    expect(before.date).toBe('2027-03-01');
    expect(before.end.toISOString()).toBe(day.start.toISOString());
  });

  it('follows a zone that changes its clocks: a 23-hour day in Berlin', () => {
    const day = companyDayOf(new Date('2027-03-28T12:00:00Z'), 'Europe/Berlin');
    expect(day.start.toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(day.end.toISOString()).toBe('2027-03-28T22:00:00.000Z');
  });

  it('refuses a zone that does not exist', () => {
    expect(() => companyDayOf(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });

  it("starts a date at its midnight in the zone, across a change of the zone's clocks", () => {
    expect(companyMidnightOf('2027-03-02', 'Asia/Dhaka').toISOString()).toBe('2027-03-01T18:00:00.000Z');
    // New York moves to summer time on 14 March 2027: EST before, EDT after.
    expect(companyMidnightOf('2027-03-14', 'America/New_York').toISOString()).toBe(
      '2027-03-14T05:00:00.000Z',
    );
    expect(companyMidnightOf('2027-03-15', 'America/New_York').toISOString()).toBe(
      '2027-03-15T04:00:00.000Z',
    );
  });
});

describe("an installment's due day is the company's", () => {
  it('is overdue once the due date ends in the company zone, and reminded at 09:00 there', () => {
    // The same as the fixed UTC+6 the service used before the zone was configurable.
    expect(overdueAt('2027-01-31', 'Asia/Dhaka').toISOString()).toBe('2027-01-31T18:00:00.000Z');
    expect(reminderAt('2027-01-31', 3, 'Asia/Dhaka').toISOString()).toBe('2027-01-28T03:00:00.000Z');
    expect(overdueAt('2027-01-31', undefined)).toEqual(overdueAt('2027-01-31', 'Asia/Dhaka'));
    // New York's day ends eleven hours after Dhaka's; Kiritimati's (UTC+14) eight hours before.
    expect(overdueAt('2027-01-31', 'America/New_York').toISOString()).toBe('2027-02-01T05:00:00.000Z');
    expect(reminderAt('2027-01-31', 3, 'America/New_York').toISOString()).toBe('2027-01-28T14:00:00.000Z');
    expect(overdueAt('2027-01-31', 'Pacific/Kiritimati').toISOString()).toBe('2027-01-31T10:00:00.000Z');
  });

  it("plans an invoice's notices on the zone its schedule names, Dhaka's when it names none", () => {
    const schedule = {
      status: 'OPEN' as const,
      reminderDays: 3,
      installments: [
        {
          sequence: 1,
          amountMinor: 1000,
          paidMinor: 0,
          dueDate: '2027-01-31',
          reminded: true,
          overdueNoticeSent: false,
        },
      ],
    };
    const dhakaEnd = Date.parse('2027-01-31T18:00:00Z');
    expect(nextInvoiceStep(schedule, dhakaEnd)).toEqual({ kind: 'OVERDUE', sequence: 1 });
    const newYork = { ...schedule, companyTimeZone: 'America/New_York' };
    expect(nextInvoiceStep(newYork, dhakaEnd)).toEqual({
      kind: 'WAIT',
      untilMs: Date.parse('2027-02-01T05:00:00Z'),
    });
  });
});
