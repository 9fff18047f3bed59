import type { EntityManager } from '@mikro-orm/postgresql';
import { appendAudit, type AuditActor } from '../operators/audit.js';
import type { Credential } from '../../platform/orm/entities.js';
import { executePrepared } from '../../platform/orm/prepared-sql.js';

/** How a credential looks from the outside at a given moment. */
export type CredentialState = 'ACTIVE' | 'GRACE' | 'EXPIRED' | 'REVOKED';

export function credentialState(
  credential: Pick<Credential, 'status' | 'expiresAt'>,
  at: Date,
): CredentialState {
  if (credential.status === 'REVOKED') return 'REVOKED';
  if (credential.expiresAt === null) return 'ACTIVE';
  return credential.expiresAt.getTime() > at.getTime() ? 'GRACE' : 'EXPIRED';
}

/** lastUsedAt is a hint for operators, not a log: one write a minute per credential is plenty. */
export const LAST_USED_RESOLUTION_MS = 60 * 1000;
/** A rotated secret still in use is worth one audit line an hour, not one per request. */
export const GRACE_AUDIT_INTERVAL_MS = 60 * 60 * 1000;

export interface CredentialUse {
  credentialId: number;
  appId: number;
  appName: string;
  mode: string;
  apiKey: string;
  firstUsedAt: Date | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  at: Date;
  ip: string | null;
}

/** True when recordCredentialUse has nothing to write (the common case for a busy credential). */
export function useIsRecent(use: CredentialUse): boolean {
  return (
    use.firstUsedAt !== null &&
    use.lastUsedAt !== null &&
    use.at.getTime() - use.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS
  );
}

function appActor(use: CredentialUse): AuditActor {
  return { type: 'APP', id: String(use.appId), label: use.appName, ip: use.ip };
}

/**
 * Stamps lastUsedAt (at most once a minute) and firstUsedAt (once), auditing the first use of a
 * secret. The row lock in the CTE makes "first" exact even when two first requests race.
 */
export async function recordCredentialUse(em: EntityManager, use: CredentialUse): Promise<void> {
  if (useIsRecent(use)) return;
  const threshold = new Date(use.at.getTime() - LAST_USED_RESOLUTION_MS);
  const rows = await em.execute<Array<{ first_use: boolean }>>(
    `with previous as (select id, first_used_at from credentials where id = ? for update)
     update credentials c
        set last_used_at = ?, first_used_at = coalesce(c.first_used_at, ?)
       from previous
      where c.id = previous.id
        and (previous.first_used_at is null or c.last_used_at is null or c.last_used_at <= ?)
  returning previous.first_used_at is null as first_use`,
    [use.credentialId, use.at, use.at, threshold],
  );
  if (rows[0]?.first_use) {
    await appendAudit(em, appActor(use), {
      action: 'credential.first_use',
      targetType: 'credential',
      targetId: use.credentialId,
      after: { appId: use.appId, mode: use.mode, key: use.apiKey, firstUsedAt: use.at.toISOString() },
    });
  }
}

/**
 * Audits the use of a rotated secret inside its grace window, at most once an hour per
 * credential across every API instance: the insert happens only when no such entry is recent.
 * The entry carries the service clock's time, the same clock the hourly check reads.
 */
export async function recordGraceUse(em: EntityManager, use: CredentialUse): Promise<boolean> {
  const since = new Date(use.at.getTime() - GRACE_AUDIT_INTERVAL_MS);
  const after = {
    appId: use.appId,
    mode: use.mode,
    key: use.apiKey,
    graceEndsAt: use.expiresAt?.toISOString() ?? null,
  };
  const inserted = await em.execute<Array<{ id: string }>>(
    `insert into audit_log (occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, ip, after)
     select ?, 'APP', ?, ?, 'credential.used_in_grace', 'credential', ?, ?, ?::jsonb
      where not exists (
        select 1 from audit_log
         where target_type = 'credential' and target_id = ? and action = 'credential.used_in_grace'
           and occurred_at > ?)
     returning id`,
    [
      use.at,
      String(use.appId),
      use.appName,
      String(use.credentialId),
      use.ip,
      JSON.stringify(after),
      String(use.credentialId),
      since,
    ],
  );
  return inserted.length > 0;
}

/**
 * Stores a credential's secret hash made under the current pepper where it still holds `from`,
 * the hash made under a previous one: a compare-and-set, so a retried or side-by-side re-hash
 * changes nothing twice, and a secret rotated meanwhile is never overwritten. True when this call
 * wrote it.
 */
export async function rehashCredentialSecret(
  em: EntityManager,
  change: { credentialId: number; from: string; to: string },
): Promise<boolean> {
  const rows = await executePrepared(
    em,
    'update credentials set secret_hash = ? where id = ? and secret_hash = ? returning id',
    [change.to, change.credentialId, change.from],
  );
  return rows.length > 0;
}
