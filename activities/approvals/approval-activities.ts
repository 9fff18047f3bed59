import type { EntityManager } from '@mikro-orm/postgresql';
import { closeIfLapsed, windowFacts } from '../../db/approvals/approval-windows.js';
import {
  isWindowedKind,
  judgeWindow,
  type ApprovalWorkflowInput,
  type WindowVerdict,
} from '../../domain/approvals/approval-windows.js';
import type { Orm } from '../../platform/orm/orm.js';

export interface ApprovalActivityDeps {
  orm: Orm;
}

/** What the workflow does next: finish (the act is closed or unknown), or wait until `closesAtMs`. */
export type ApprovalWindowState =
  { kind: 'CLOSED'; status: string } | Extract<WindowVerdict, { kind: 'OPEN' }>;

/**
 * The approvals workflow's steps (workflows/approvals/approval.ts). Both read the act from
 * PostgreSQL by its kind and id: the workflow's input names an act and proves nothing about it,
 * so a start nobody asked for keeps the same window the act's own row gives it.
 */
export function createApprovalActivities({ orm }: ApprovalActivityDeps) {
  const em = () => orm.em.fork() as EntityManager;

  /** Closes a lapsed act with its audit entry in one transaction; answers its state after. */
  async function closeLapsed(input: ApprovalWorkflowInput, now: Date): Promise<ApprovalWindowState> {
    return em().transactional(async (tx) => {
      const db = tx as EntityManager;
      if (await closeIfLapsed(db, input.kind, input.id, now))
        return { kind: 'CLOSED', status: 'EXPIRED' } as const;
      const facts = await windowFacts(db, input.kind, input.id);
      const verdict = facts ? judgeWindow(facts, now.getTime()) : null;
      // Decided a moment before: closed as decided. Anything else was not lapsed after all.
      return verdict?.kind === 'OPEN' ? verdict : { kind: 'CLOSED', status: facts?.status ?? 'MISSING' };
    });
  }

  return {
    /**
     * Where the act stands: closed (decided, withdrawn, collected, expired, or no such act), or
     * open until its window ends. An act past its window is closed here, as EXPIRED.
     */
    async approvalWindow(input: ApprovalWorkflowInput): Promise<ApprovalWindowState> {
      if (!isWindowedKind(input.kind) || !Number.isSafeInteger(input.id))
        return { kind: 'CLOSED', status: 'MISSING' };
      const now = new Date();
      const facts = await windowFacts(em(), input.kind, input.id);
      if (!facts) return { kind: 'CLOSED', status: 'MISSING' };
      const verdict = judgeWindow(facts, now.getTime());
      if (verdict.kind === 'LAPSED') return closeLapsed(input, now);
      return verdict;
    },
  };
}
