/**
 * The company's day: limits that add up "per day" (a requester's refunds) count from midnight to
 * midnight where the company works, not in UTC, so a day's total does not reset at 06:00 in Dhaka.
 * Pure: the time zone is an argument, so it follows whatever setting names the company's zone.
 */

/** Where the company works until a setting says otherwise: the zone the dashboard shows times in. */
export { DEFAULT_COMPANY_TIME_ZONE } from './company-time.js';
import { companyZone } from './company-time.js';

/** The zone's offset from UTC at `at`, in milliseconds (positive east of Greenwich). */
function offsetMs(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const field = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  const asUtc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** A wall-clock time of (year, month, day) in the zone, as an instant. */
function wallClockIn(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hours = 0,
  minutes = 0,
): Date {
  const guess = Date.UTC(year, month - 1, day, hours, minutes);
  // The offset at that time itself (a zone's offset may change during a day).
  const first = guess - offsetMs(timeZone, new Date(guess));
  return new Date(guess - offsetMs(timeZone, new Date(first)));
}

/** The wall-clock midnight of (year, month, day) in the zone, as an instant. */
const midnightIn = (timeZone: string, year: number, month: number, day: number) =>
  wallClockIn(timeZone, year, month, day);

/**
 * The instant a wall-clock time ("HH:MM") of the day `date` (YYYY-MM-DD) has in `zone`: a
 * schedule's 07:00 stays 07:00 where the company works, across a zone's change of offset.
 */
export function instantInZone(date: string, clock: string, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hours, minutes] = clock.split(':').map(Number) as [number, number];
  return wallClockIn(zone, year, month, day, hours, minutes);
}

/** The instant the company's day `date` (YYYY-MM-DD) begins: its midnight in the zone. */
export function companyMidnightOf(date: string, configuredZone: string | undefined): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return midnightIn(companyZone(configuredZone), year, month, day);
}

/**
 * The company day holding `at`: from its local midnight (inclusive) to the next one (exclusive),
 * and its date as the company writes it (YYYY-MM-DD). The zone is the configured one, Asia/Dhaka
 * when none is (`companyZone`); an unknown zone throws (RangeError).
 */
export function companyDayOf(
  at: Date,
  configuredZone: string | undefined,
): { date: string; start: Date; end: Date } {
  const timeZone = companyZone(configuredZone);
  const local = new Date(at.getTime() + offsetMs(timeZone, at));
  const [year, month, day] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return {
    date: local.toISOString().slice(0, 10),
    start: midnightIn(timeZone, year, month, day),
    end: midnightIn(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
  };
}
