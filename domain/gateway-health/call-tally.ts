import type { Mode } from '../shared/mode.js';

/** How one call to a gateway's API settled (gateways/call-outcomes.ts tells them apart). */
export type GatewayCallOutcome = 'OK' | 'REJECTED' | 'UNAVAILABLE' | 'PROTOCOL_ERROR' | 'ERROR';

/**
 * Our gateway calls' outcomes counted in memory per gateway, mode and minute, until the process
 * writes them (db/gateway-health/call-minutes.ts): a call costs an increment, and the database
 * sees one upsert per gateway, mode and minute every few seconds, however many calls there were.
 */

export interface MinuteCounts {
  gateway: string;
  mode: Mode;
  minute: Date;
  ok: number;
  rejected: number;
  unavailable: number;
  protocolErrors: number;
  errors: number;
}

const FIELD: Record<GatewayCallOutcome, keyof Omit<MinuteCounts, 'gateway' | 'mode' | 'minute'>> = {
  OK: 'ok',
  REJECTED: 'rejected',
  UNAVAILABLE: 'unavailable',
  PROTOCOL_ERROR: 'protocolErrors',
  ERROR: 'errors',
};

/** Buckets kept at most, should writing fail for long: the oldest go first (health only looks back minutes). */
const MAX_BUCKETS = 2_000;

export interface CallTally {
  record(gateway: string, mode: Mode, outcome: GatewayCallOutcome, at?: Date): void;
  /** Everything counted since the last drain, emptied. */
  drain(): MinuteCounts[];
  /** Gives back counts a failed write took (they are written with the next ones). */
  restore(counts: readonly MinuteCounts[]): void;
}

export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

export function createCallTally(): CallTally {
  let buckets = new Map<string, MinuteCounts>();
  const bucket = (gateway: string, mode: Mode, minute: Date) => {
    const key = `${gateway}|${mode}|${minute.getTime()}`;
    let counts = buckets.get(key);
    if (!counts) {
      if (buckets.size >= MAX_BUCKETS) buckets.delete(buckets.keys().next().value!);
      counts = { gateway, mode, minute, ok: 0, rejected: 0, unavailable: 0, protocolErrors: 0, errors: 0 };
      buckets.set(key, counts);
    }
    return counts;
  };
  return {
    record(gateway, mode, outcome, at = new Date()) {
      bucket(gateway, mode, minuteOf(at))[FIELD[outcome]] += 1;
    },
    drain() {
      const drained = [...buckets.values()];
      buckets = new Map();
      return drained;
    },
    restore(counts) {
      for (const c of counts) {
        const into = bucket(c.gateway, c.mode, c.minute);
        into.ok += c.ok;
        into.rejected += c.rejected;
        into.unavailable += c.unavailable;
        into.protocolErrors += c.protocolErrors;
        into.errors += c.errors;
      }
    },
  };
}
