import { Migration } from '@mikro-orm/migrations';

/**
 * Checks of a stored callback beyond the first few are spaced rather than refused: each row keeps
 * when its next check may be asked (null: at once), and the sweeper finds the rows whose remembered
 * repeat is due through a small partial index.
 */
export class Migration20261217000000_spaced_callback_checks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table gateway_callbacks add column next_check_at timestamptz;
      update gateway_callbacks set next_check_at = handed_over_at + interval '30 seconds'
        where checks >= 4 and handed_over_at is not null;
      create index gateway_callbacks_remembered_repeat_idx on gateway_callbacks (next_check_at)
        where returned_while_checking and outcome = 'UNCONFIRMED';
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists gateway_callbacks_remembered_repeat_idx;
      alter table gateway_callbacks drop column next_check_at;
    `);
  }
}
