/**
 * Settlement days for suites that share one database and one Temporal server: a reconciliation
 * day is a row per (gateway, mode, date) and a workflow id `recon-<gateway>-<mode>-<date>`, so
 * two tests that drew the same day would see each other's exceptions and signal each other's
 * workflow (one whose worker may already be gone). Each suite takes days from a range of its own
 * (`era`), and never the same day twice within it.
 */
const DAY_MS = 86_400_000;
const SPAN_DAYS = 700;
const handedOut = new Map<number, Set<number>>();

/** A day in the `era` year's range (about two years from 1 January) no other call here returned. */
export function uniqueSettlementDay(era: number): string {
  const used = handedOut.get(era) ?? new Set<number>();
  handedOut.set(era, used);
  if (used.size >= SPAN_DAYS) throw new Error(`every settlement day of era ${era} is taken`);
  let offset = Math.floor(Math.random() * SPAN_DAYS);
  while (used.has(offset)) offset = (offset + 1) % SPAN_DAYS;
  used.add(offset);
  return new Date(Date.UTC(era, 0, 1) + offset * DAY_MS).toISOString().slice(0, 10);
}
