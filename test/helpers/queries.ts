import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Read-only facts about one payment, straight from PostgreSQL, for assertions. Read in one
 * REPEATABLE READ snapshot, so the facts never mix states from before and after a commit.
 */
export async function paymentFacts(db: EntityManager, reference: string) {
  return db.transactional((em) => readFacts(em as EntityManager, reference), {
    isolationLevel: IsolationLevel.REPEATABLE_READ,
    readOnly: true,
  });
}

async function readFacts(em: EntityManager, reference: string) {
  const [payment] = await em.execute<
    Array<{ id: string; status: string; failure_reason: string | null; attention_reason: string | null }>
  >('select id, status, failure_reason, attention_reason from payments where reference = ?', [reference]);
  const entries = await em.execute<Array<{ kind: string }>>(
    "select kind from journal_entries where source_type = 'payment' and source_id = ? order by id",
    [reference],
  );
  const events = await em.execute<Array<{ id: string; type: string }>>(
    "select id, type from events where source_type = 'payment' and source_id = ? order by created_at",
    [reference],
  );
  const transitions = await em.execute<Array<{ to_status: string }>>(
    'select to_status from payment_status_changes where payment_id = ? order by id',
    [payment ? payment.id : 0],
  );
  const callbacks = await em.execute<
    Array<{ kind: string; signature_valid: boolean; outcome: string | null; outcome_reason: string | null }>
  >(
    'select kind, signature_valid, outcome, outcome_reason from gateway_callbacks where reference = ? order by id',
    [reference],
  );
  return {
    status: payment?.status,
    failureReason: payment?.failure_reason ?? null,
    attentionReason: payment?.attention_reason ?? null,
    journalKinds: entries.map((e) => e.kind),
    eventTypes: events.map((e) => e.type),
    eventIds: events.map((e) => e.id),
    transitions: transitions.map((t) => t.to_status),
    callbacks,
  };
}
