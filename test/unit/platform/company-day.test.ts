import { companyDayOf } from '../../../domain/shared/company-day.js';

describe('the company day', () => {
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
});
