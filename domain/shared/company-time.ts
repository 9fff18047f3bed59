/**
 * Instants as the company's people read them: in the company's time zone (an IANA zone such as
 * Asia/Dhaka), and the same instant in UTC for anyone comparing with logs or a gateway's panel.
 */

export const DEFAULT_COMPANY_TIME_ZONE = 'Asia/Dhaka';

/** The company's zone: the one configured (COMPANY_TIME_ZONE), Asia/Dhaka when none is. */
export function companyZone(configured: string | undefined): string {
  return configured || DEFAULT_COMPANY_TIME_ZONE;
}

/** Whether `zone` is an IANA time zone this runtime knows ("Asia/Dhaka", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** "2026-11-27 09:17:41 GMT+6": the instant's wall-clock time in `zone`, with the zone's offset. */
export function formatInZone(at: Date, zone: string): string {
  const part: Record<string, string> = {};
  for (const { type, value } of formatterFor(zone).formatToParts(at)) part[type] = value;
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second} ${part.timeZoneName}`;
}

/**
 * "2026-11-27": the calendar day the instant falls on in `zone`. The formatter is kept per zone: a
 * journal export asks once per posting.
 */
export function dateInZone(at: Date, zone: string): string {
  const part: Record<string, string> = {};
  for (const { type, value } of formatterFor(zone).formatToParts(at)) part[type] = value;
  return `${part.year}-${part.month}-${part.day}`;
}

/** "09:17": the instant's wall-clock hour and minute in `zone`. */
export function clockInZone(at: Date, zone: string): string {
  const part: Record<string, string> = {};
  for (const { type, value } of formatterFor(zone).formatToParts(at)) part[type] = value;
  return `${part.hour}:${part.minute}`;
}

/** "2026-11-27 03:17:41 UTC". */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
