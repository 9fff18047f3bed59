import { Migration } from '@mikro-orm/migrations';

/**
 * Whether a payout batch's workflow is known to be started. A batch the API takes is committed
 * before its workflow starts; when Temporal cannot be reached in between, the sweeper finds it by
 * this flag. An uploaded batch's workflow is started by the upload's own workflow, so the column
 * defaults to true, and batches taken before it existed count as started.
 */
export class Migration20270203060100_payout_batch_workflow_started extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table payout_batches add column workflow_started boolean not null default true;');
    this.addSql(
      'create index payout_batches_awaiting_workflow on payout_batches (created_at) where not workflow_started;',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index payout_batches_awaiting_workflow;');
    this.addSql('alter table payout_batches drop column workflow_started;');
  }
}
