import { Migration } from '@mikro-orm/migrations';

/**
 * Each policy as the rules that hold the same refunds (domain/refunds/refund-approval-rules.ts's
 * `rulesFromPolicy` says the same in code, and a test holds them to each other).
 */
export const CARRY_POLICIES_OVER = `
      insert into refund_approval_rule_sets (app_id, mode, updated_at)
        select app_id, mode, updated_at from refund_approval_policies;
      insert into refund_approval_rules (app_id, mode, position, from_minor, to_minor, currency, approvers)
        select app_id, mode, 0, 0, null, null, case when rule = 'NEVER' then 0 else 1 end
          from refund_approval_policies where rule in ('NEVER', 'ALWAYS')
        union all
        select app_id, mode, 0, 0, threshold_minor, currency, 0
          from refund_approval_policies where rule = 'ABOVE_AMOUNT'
        union all
        select app_id, mode, 1, threshold_minor + 1, null, currency, 1
          from refund_approval_policies where rule = 'ABOVE_AMOUNT';
`;

/**
 * Refund approval as a table of rules per app and mode (amount bands, optionally a currency,
 * gateway, payment method type and kind of requester, and how many approvers: 0, 1 or 2), in
 * place of one rule and threshold. An app with a rule set has exactly its rows; one without has
 * its mode's default. Each existing policy is carried over as the rules that hold the same
 * refunds: NEVER as one band of no approver, ALWAYS as one band of one, ABOVE_AMOUNT as none up
 * to the threshold and one above it, in its currency (other currencies, covered by no rule, wait).
 *
 * A refund records how many approvals it needs, and the approval step may apply one decision per
 * approver (two approvers are two distinct people); the confirmation step still applies one.
 */
export class Migration20270102000000_refund_approval_rules extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table refund_approval_rule_sets (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        updated_at timestamptz not null default now(),
        primary key (app_id, mode)
      );
      create table refund_approval_rules (
        app_id bigint not null,
        mode text not null,
        position int not null check (position >= 0),
        from_minor bigint not null check (from_minor >= 0),
        to_minor bigint check (to_minor >= from_minor),
        currency text,
        gateway text,
        payment_method text,
        requester text check (requester in ('APP', 'OPERATOR')),
        approvers smallint not null check (approvers between 0 and 2),
        primary key (app_id, mode, position),
        foreign key (app_id, mode) references refund_approval_rule_sets (app_id, mode) on delete cascade
      );
      ${CARRY_POLICIES_OVER}
      drop table refund_approval_policies;

      alter table refunds
        add column approvals_required smallint not null default 1 check (approvals_required between 0 and 2);

      drop index if exists refund_decisions_one_applied_idx;
      create unique index refund_decisions_one_confirmation_idx on refund_decisions (refund_id)
        where status = 'APPLIED' and stage = 'CONFIRMATION';
      create unique index refund_decisions_one_approval_each_idx on refund_decisions (refund_id, operator_id)
        where status = 'APPLIED' and stage = 'APPROVAL' and verdict = 'APPROVE';
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists refund_decisions_one_approval_each_idx;
      drop index if exists refund_decisions_one_confirmation_idx;
      create unique index refund_decisions_one_applied_idx on refund_decisions (refund_id, stage)
        where status = 'APPLIED';
      alter table refunds drop column approvals_required;
      create table refund_approval_policies (
        app_id bigint not null references apps (id),
        mode text not null check (mode in ('TEST', 'LIVE')),
        rule text not null check (rule in ('NEVER', 'ALWAYS', 'ABOVE_AMOUNT')),
        threshold_minor bigint check (threshold_minor >= 0),
        currency text,
        updated_at timestamptz not null default now(),
        primary key (app_id, mode),
        check ((rule = 'ABOVE_AMOUNT') = (threshold_minor is not null and currency is not null))
      );
      -- Rule sets have no exact policy; each becomes ALWAYS, the policy that never lets one through.
      insert into refund_approval_policies (app_id, mode, rule, updated_at)
        select app_id, mode, 'ALWAYS', updated_at from refund_approval_rule_sets;
      drop table refund_approval_rules;
      drop table refund_approval_rule_sets;
    `);
  }
}
