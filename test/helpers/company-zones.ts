import { companyDayOf } from '../../domain/shared/company-day.js';

/**
 * Time zones for tests of the company's day (COMPANY_TIME_ZONE), picked from the clock as a suite
 * starts: the Etc/GMT zones, one for every whole-hour offset from UTC-12 to UTC+14 (Etc/GMT+N is
 * UTC-N).
 */
const WHOLE_HOUR_ZONES = Array.from({ length: 27 }, (_, i) => i - 12).map((offset) =>
  offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`,
);
const DHAKA = 'Asia/Dhaka';
const MARGIN_MS = 10 * 60_000;

/**
 * A zone whose midnight falls between `earlier` and `now` (not within ten minutes of either, so
 * rows dated at either land where they are meant to): `earlier` is its yesterday, `now` its today.
 * One whose midnight Dhaka's does not share when there is one, so that in Dhaka both are the same
 * day (`dhakaSameDay` says whether they are).
 */
export function zoneWhoseDayTurnsBetween(earlier: Date, now: Date): { zone: string; dhakaSameDay: boolean } {
  const turnsBetween = (zone: string) => {
    const today = companyDayOf(now, zone);
    return (
      companyDayOf(earlier, zone).date !== today.date &&
      today.start.getTime() - earlier.getTime() > MARGIN_MS &&
      now.getTime() - today.start.getTime() > MARGIN_MS
    );
  };
  const dhakaSameDay = companyDayOf(earlier, DHAKA).date === companyDayOf(now, DHAKA).date;
  const candidates = WHOLE_HOUR_ZONES.filter(turnsBetween);
  const zone = candidates.find(
    (z) => companyDayOf(now, z).start.getTime() !== companyDayOf(now, DHAKA).start.getTime(),
  );
  if (!zone)
    throw new Error(
      `no whole-hour zone turns its day between ${earlier.toISOString()} and ${now.toISOString()}`,
    );
  return { zone, dhakaSameDay };
}

/**
 * A zone where today's date is not Dhaka's (more than an hour from its midnight, so the date holds
 * while a suite runs), with both dates: the zone's and Dhaka's.
 */
export function zoneOnAnotherDateThanDhaka(now: Date): { zone: string; date: string; dhakaDate: string } {
  const dhakaDate = companyDayOf(now, DHAKA).date;
  const zone = WHOLE_HOUR_ZONES.find((z) => {
    const day = companyDayOf(now, z);
    return (
      day.date !== dhakaDate &&
      now.getTime() - day.start.getTime() > 3_600_000 &&
      day.end.getTime() - now.getTime() > 3_600_000
    );
  });
  if (!zone) throw new Error(`no whole-hour zone is on another date than Dhaka at ${now.toISOString()}`);
  return { zone, date: companyDayOf(now, zone).date, dhakaDate };
}
