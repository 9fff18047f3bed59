import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../domain/mode.js';
import {
  DEFAULT_APPROVAL_POLICIES,
  type ApprovalPolicy,
  type ApprovalRule,
} from '../domain/refund-approval.js';

/** An app's refund approval policy for one mode; the mode's default until an operator sets one. */
export async function approvalPolicyOf(
  em: EntityManager,
  appId: number,
  mode: Mode,
): Promise<ApprovalPolicy> {
  const [row] = await em.execute<
    Array<{ rule: ApprovalRule; threshold_minor: string | null; currency: string | null }>
  >('select rule, threshold_minor, currency from refund_approval_policies where app_id = ? and mode = ?', [
    appId,
    mode,
  ]);
  if (!row) return DEFAULT_APPROVAL_POLICIES[mode];
  return {
    rule: row.rule,
    thresholdMinor: row.threshold_minor === null ? null : Number(row.threshold_minor),
    currency: row.currency,
  };
}

export async function setApprovalPolicy(
  em: EntityManager,
  appId: number,
  mode: Mode,
  policy: ApprovalPolicy,
): Promise<void> {
  await em.execute(
    `insert into refund_approval_policies (app_id, mode, rule, threshold_minor, currency)
     values (?, ?, ?, ?, ?)
     on conflict (app_id, mode) do update
       set rule = excluded.rule, threshold_minor = excluded.threshold_minor,
           currency = excluded.currency, updated_at = now()`,
    [appId, mode, policy.rule, policy.thresholdMinor, policy.currency],
  );
}
