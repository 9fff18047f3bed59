import { companyDayOf } from '../../domain/shared/company-day.js';

/**
 * Time zones for tests of the company's day (COMPANY_TIME_ZONE), picked from the clock as a suite
 * starts: the Etc/GMT zones, one for every whole-hour offset from UTC-12 to UTC+14 but UTC itself
 * (Etc/GMT+N is UTC-N).
 */
const WHOLE_HOUR_ZONES = Array.from({ length: 27 }, (_, i) => i - 12)
  // Offset 0 is left out: the service names Etc/GMT by its canonical name, UTC.
  .filter((offset) => offset !== 0)
  .map((offset) => `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`);
const DHAKA = 'Asia/Dhaka';
const MARGIN_MS = 10 * 60_000;
/** How long a suite may take: a zone's day must not turn while it runs past `now`. */
const SUITE_MS = 60 * 60_000;

/** Whether the zone's day turns between `earlier` and `now`: `earlier` is its yesterday. */
const splits = (zone: string, earlier: Date, now: Date) =>
  companyDayOf(earlier, zone).date !== companyDayOf(now, zone).date;

/**
 * A zone whose day tells `earlier` and `now` apart the other way from Dhaka's, whatever the clock
 * says as a suite starts: when Dhaka's day holds both, one whose midnight falls between them
 * (`zoneSplits`: `earlier` is its yesterday); when Dhaka's midnight falls between them, one whose
 * day holds both (and no midnight of its own within the hour after `now`, so rows a suite makes
 * stay on its day). Either way its midnights keep ten minutes from both instants, and a code path
 * that read Dhaka's day instead would judge every movement the other way.
 */
export function zoneThatDisagreesWithDhaka(
  earlier: Date,
  now: Date,
): { zone: string; zoneSplits: boolean; dhakaSplits: boolean } {
  const dhakaSplits = splits(DHAKA, earlier, now);
  const clearOfMidnights = (zone: string) => {
    const today = companyDayOf(now, zone);
    const near = (instant: Date, midnight: Date) =>
      Math.abs(instant.getTime() - midnight.getTime()) <= MARGIN_MS;
    return (
      !near(earlier, today.start) && !near(now, today.start) && today.end.getTime() - now.getTime() > SUITE_MS
    );
  };
  const zone = WHOLE_HOUR_ZONES.find((z) => clearOfMidnights(z) && splits(z, earlier, now) !== dhakaSplits);
  if (!zone)
    throw new Error(
      `no whole-hour zone disagrees with Dhaka between ${earlier.toISOString()} and ${now.toISOString()}`,
    );
  // Read back from the zone found, so a suite's check that it disagrees with Dhaka checks the search.
  return { zone, zoneSplits: splits(zone, earlier, now), dhakaSplits };
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
