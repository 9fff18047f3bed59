import { Migration } from '@mikro-orm/migrations';

/**
 * Whether a payout's workflow is known to be started. The API takes a payout, commits it, then
 * starts its workflow; when Temporal cannot be reached in between, the sweeper finds the payout by
 * this flag and starts it. Payouts a workflow makes (batch lines, refunds paid out) are started by
 * that workflow, so the column defaults to true and rows taken before it existed count as started.
 */
export class Migration20270203060000_payout_workflow_started extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table payouts add column workflow_started boolean not null default true;');
    this.addSql('create index payouts_awaiting_workflow on payouts (created_at) where not workflow_started;');
  }

  override async down(): Promise<void> {
    this.addSql('drop index payouts_awaiting_workflow;');
    this.addSql('alter table payouts drop column workflow_started;');
  }
}
