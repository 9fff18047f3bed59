import { dateInZone } from '../shared/company-time.js';
import { instantInZone } from '../shared/company-day.js';

/**
 * When a scheduled report runs and which days it covers. A schedule runs daily, weekly (on a
 * weekday) or monthly (on a day of the month, 1–28 so every month has it) at a wall-clock time in
 * the company's zone; each run covers the last whole period before its day: yesterday, the
 * week (Monday to Sunday) before, or the month before. Pure: the workflow asks an activity, which
 * asks this, so a change of the company's zone or of the schedule applies from the next run.
 */

export const CADENCES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type Cadence = (typeof CADENCES)[number];

export interface ScheduleTiming {
  cadence: Cadence;
  /** "HH:MM", 24-hour, in the company's zone. */
  at: string;
  /** 1 (Monday) to 7 (Sunday), for WEEKLY. */
  weekday?: number | null;
  /** 1 to 28, for MONTHLY. */
  monthDay?: number | null;
}

/** Days as YYYY-MM-DD, both included, in the company's zone. */
export interface ReportPeriod {
  from: string;
  to: string;
}

export const CLOCK_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A calendar day's arithmetic, on UTC dates (no zone: days are labels here). */
const asUtc = (day: string) => new Date(`${day}T00:00:00Z`);
const label = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => label(new Date(asUtc(day).getTime() + n * 86_400_000));
/** 1 (Monday) to 7 (Sunday). */
export const weekdayOf = (day: string) => ((asUtc(day).getUTCDay() + 6) % 7) + 1;

function runsOn(timing: ScheduleTiming, day: string): boolean {
  if (timing.cadence === 'DAILY') return true;
  if (timing.cadence === 'WEEKLY') return weekdayOf(day) === timing.weekday;
  return Number(day.slice(8, 10)) === timing.monthDay;
}

/** The first instant strictly after `after` at which the schedule runs. */
export function nextRunAt(timing: ScheduleTiming, after: Date, zone: string): Date {
  let day = dateInZone(after, zone);
  // A month holds every day 1–28, so 32 days always find the next run.
  for (let i = 0; i <= 32; i++, day = addDays(day, 1)) {
    if (!runsOn(timing, day)) continue;
    const at = instantInZone(day, timing.at, zone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new RangeError(`no run within a month for ${JSON.stringify(timing)}`);
}

/** The days a run on `runDay` (its day in the company's zone) covers: the last whole period before it. */
export function periodBefore(cadence: Cadence, runDay: string): ReportPeriod {
  if (cadence === 'DAILY') {
    const day = addDays(runDay, -1);
    return { from: day, to: day };
  }
  if (cadence === 'WEEKLY') {
    const thisMonday = addDays(runDay, 1 - weekdayOf(runDay));
    return { from: addDays(thisMonday, -7), to: addDays(thisMonday, -1) };
  }
  const firstOfThisMonth = `${runDay.slice(0, 8)}01`;
  const lastOfPrevious = addDays(firstOfThisMonth, -1);
  return { from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious };
}

/** The period a run at `at` covers, by its day in `zone`. */
export function periodOfRun(cadence: Cadence, at: Date, zone: string): ReportPeriod {
  return periodBefore(cadence, dateInZone(at, zone));
}

/** "Every Monday at 07:00", for the dashboard and the email. */
export function describeTiming(timing: ScheduleTiming): string {
  if (timing.cadence === 'DAILY') return `Every day at ${timing.at}`;
  if (timing.cadence === 'WEEKLY') {
    const name = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][
      (timing.weekday ?? 1) - 1
    ];
    return `Every ${name} at ${timing.at}`;
  }
  return `On day ${timing.monthDay} of every month at ${timing.at}`;
}
