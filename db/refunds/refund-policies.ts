import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mode } from '../../domain/shared/mode.js';
import type { ApprovalPolicy } from '../../domain/refunds/refund-approval.js';
import {
  DEFAULT_APPROVAL_RULES,
  rulesFromPolicy,
  type ApproverCount,
  type RefundApprovalRule,
  type RequesterKind,
} from '../../domain/refunds/refund-approval-rules.js';

interface RuleRow {
  from_minor: string;
  to_minor: string | null;
  currency: string | null;
  gateway: string | null;
  payment_method: string | null;
  requester: RequesterKind | null;
  approvers: number;
}

/** An app's refund approval rules for one mode, in their order; the mode's default until finance sets them. */
export async function approvalRulesOf(
  em: EntityManager,
  appId: number,
  mode: Mode,
): Promise<RefundApprovalRule[]> {
  const [set] = await em.execute<Array<{ app_id: string }>>(
    'select app_id from refund_approval_rule_sets where app_id = ? and mode = ?',
    [appId, mode],
  );
  if (!set) return [...DEFAULT_APPROVAL_RULES[mode]];
  const rows = await em.execute<RuleRow[]>(
    `select from_minor, to_minor, currency, gateway, payment_method, requester, approvers
       from refund_approval_rules where app_id = ? and mode = ? order by position`,
    [appId, mode],
  );
  return rows.map((row) => ({
    fromMinor: Number(row.from_minor),
    toMinor: row.to_minor === null ? null : Number(row.to_minor),
    currency: row.currency,
    gateway: row.gateway,
    paymentMethod: row.payment_method,
    requester: row.requester,
    approvers: Number(row.approvers) as ApproverCount,
  }));
}

/** Replaces an app's rules for one mode, in the caller's transaction (an empty set: every refund waits for one). */
export async function setApprovalRules(
  em: EntityManager,
  appId: number,
  mode: Mode,
  rules: readonly RefundApprovalRule[],
): Promise<void> {
  await em.execute(
    `insert into refund_approval_rule_sets (app_id, mode) values (?, ?)
     on conflict (app_id, mode) do update set updated_at = now()`,
    [appId, mode],
  );
  await em.execute('delete from refund_approval_rules where app_id = ? and mode = ?', [appId, mode]);
  for (const [position, rule] of rules.entries()) {
    await em.execute(
      `insert into refund_approval_rules (app_id, mode, position, from_minor, to_minor, currency, gateway,
         payment_method, requester, approvers)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        appId,
        mode,
        position,
        rule.fromMinor,
        rule.toMinor,
        rule.currency,
        rule.gateway,
        rule.paymentMethod,
        rule.requester,
        rule.approvers,
      ],
    );
  }
}

/** Sets the rules that hold the same refunds as a one-line policy (a rule and a threshold). */
export function setApprovalPolicy(em: EntityManager, appId: number, mode: Mode, policy: ApprovalPolicy) {
  return setApprovalRules(em, appId, mode, rulesFromPolicy(policy));
}
