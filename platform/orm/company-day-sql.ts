/**
 * The instant the company's current day began, as SQL: today's midnight in the zone the
 * statement's next `?` holds (COMPANY_TIME_ZONE, an IANA name checked at start-up). The zone is a
 * bound value, never written into the statement's text, so each deployment's zone runs the same
 * statement.
 */
export const COMPANY_MIDNIGHT_SQL =
  "(select date_trunc('day', now() at time zone zone.name) at time zone zone.name from (values (?::text)) as zone (name))";
