import { settlementLineKey, settlementLineKeys, type SettlementLineDraft } from '../settlements.js';
import type { ParsedLine } from './rows.js';

/**
 * Gives each line of one report its identity. A line the report lists twice was settled twice:
 * the second gets a key of its own (occurrence 2), so it is kept and reconciliation sees it, while
 * the same report read again gives every line the same key as before.
 */
export class ReportLineKeys {
  /** How many lines of this report had each first-occurrence key. */
  private readonly seen = new Map<string, number>();

  keyed(line: ParsedLine): SettlementLineDraft {
    const first = settlementLineKey(line);
    const occurrence = (this.seen.get(first) ?? 0) + 1;
    this.seen.set(first, occurrence);
    return { ...line, ...settlementLineKeys(line, occurrence) };
  }
}
