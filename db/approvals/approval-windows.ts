import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, systemActor } from '../operators/audit.js';
import {
  APPROVAL_WINDOW_MS,
  COLLECTION_WINDOW_MS,
  EXPIRED,
  WINDOWED_KINDS,
  type WindowFacts,
  type WindowedKind,
} from '../../domain/approvals/approval-windows.js';

/**
 * The windows of acts waiting for a second person (domain/approvals/approval-windows.ts), read
 * from and closed in each act's own table. Closing is one conditional UPDATE: an act decided a
 * moment before its window ended stays decided, and closing twice closes once.
 */

/** The proposals: a PENDING row waits for a decision since it was proposed. */
const PROPOSAL_TABLES = {
  'control-change': 'control_changes',
  'rail-switch-change': 'payout_rail_switch_changes',
  'people-change': 'people_changes',
  attention: 'attention_requests',
} as const satisfies Record<Exclude<WindowedKind, 'key-request'>, string>;

interface FactsRow {
  status: string;
  since: Date | string | null;
  waiting_for: 'DECISION' | 'COLLECTION' | null;
}

function factsSql(kind: WindowedKind): string {
  if (kind === 'key-request') {
    return `select status,
                   case when status = 'WAITING' then requested_at
                        when status = 'APPROVED' and collected_at is null then decided_at end as since,
                   case when status = 'WAITING' then 'DECISION'
                        when status = 'APPROVED' and collected_at is null then 'COLLECTION' end as waiting_for
              from key_requests where id = ?`;
  }
  return `select status,
                 case when status = 'PENDING' then proposed_at end as since,
                 case when status = 'PENDING' then 'DECISION' end as waiting_for
            from ${PROPOSAL_TABLES[kind]} where id = ?`;
}

/** What PostgreSQL says of the act now; null: there is no such act. */
export async function windowFacts(
  db: EntityManager,
  kind: WindowedKind,
  id: number,
): Promise<WindowFacts | null> {
  const [row] = await db.execute<FactsRow[]>(factsSql(kind), [id]);
  if (!row) return null;
  return {
    status: row.status,
    since: row.since ? new Date(row.since) : null,
    waitingFor: row.waiting_for,
    open: row.waiting_for !== null,
  };
}

/**
 * Closes the act as EXPIRED when it still waits and its window ended by `now`; answers the status
 * it was closed from, or null when it was not (decided in time, or already closed).
 */
export async function expireIfLapsed(
  db: EntityManager,
  kind: WindowedKind,
  id: number,
  now: Date,
): Promise<string | null> {
  const decidedBefore = new Date(now.getTime() - APPROVAL_WINDOW_MS);

  if (kind === 'key-request') {
    const collectedBefore = new Date(now.getTime() - COLLECTION_WINDOW_MS);
    const rows = await db.execute<Array<{ was: string }>>(
      `update key_requests k set status = '${EXPIRED}', decided_at = coalesce(k.decided_at, ?)
         from key_requests before
        where k.id = ? and before.id = k.id
          and ((k.status = 'WAITING' and k.requested_at <= ?)
               or (k.status = 'APPROVED' and k.collected_at is null and k.decided_at <= ?))
        returning before.status as was`,
      [now, id, decidedBefore, collectedBefore],
    );
    return rows[0]?.was ?? null;
  }
  const rows = await db.execute<Array<{ id: string | number }>>(
    `update ${PROPOSAL_TABLES[kind]} set status = '${EXPIRED}', decided_at = ?
      where id = ? and status = 'PENDING' and proposed_at <= ?
      returning id`,
    [now, id, decidedBefore],
  );
  return rows.length ? 'PENDING' : null;
}

/**
 * Closes the act as EXPIRED, with its audit entry, when its window ended; true when it did. Run in
 * the caller's transaction by every door that decides, collects or proposes anew, before it reads
 * the act under its lock: a lapsed act is refused as closed whether or not its workflow got there
 * first. A door that then refuses rolls the close back with its own transaction; the act's
 * workflow closes it for good.
 */
export async function closeIfLapsed(
  db: EntityManager,
  kind: WindowedKind,
  id: number,
  now = new Date(),
): Promise<boolean> {
  const was = await expireIfLapsed(db, kind, id, now);
  if (!was) return false;
  await appendAudit(db, systemActor('approvals'), {
    action: 'approval.expired',
    targetType: kind,
    targetId: id,
    before: { status: was },
    after: { status: EXPIRED },
  });
  return true;
}

/** Every act still open, oldest first: what the sweeper makes sure has its approvals workflow. */
export async function openWindowedActs(
  db: EntityManager,
  limit: number,
): Promise<Array<{ kind: WindowedKind; id: number }>> {
  const proposals = Object.entries(PROPOSAL_TABLES).map(
    ([kind, table]) =>
      `select '${kind}' as kind, id, proposed_at as since from ${table} where status = 'PENDING'`,
  );
  const keys = `select 'key-request', id, coalesce(decided_at, requested_at) from key_requests
                 where status = 'WAITING' or (status = 'APPROVED' and collected_at is null)`;
  const rows = await db.execute<Array<{ kind: WindowedKind; id: string | number }>>(
    `${[...proposals, keys].join(' union all ')} order by since, kind, id limit ?`,
    [limit],
  );
  return rows
    .filter((row) => (WINDOWED_KINDS as readonly string[]).includes(row.kind))
    .map((row) => ({ kind: row.kind, id: Number(row.id) }));
}
