import { Migration } from '@mikro-orm/migrations';

/**
 * A payment created without a gateway has none until its customer chooses one on the hosted
 * checkout; the choice is made once (`gateway is null` guards it). Lists filter by gateway.
 */
export class Migration20261202100000_gateway_choice extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table payments alter column gateway drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`update payments set gateway = 'sslcommerz' where gateway is null;`);
    this.addSql(`alter table payments alter column gateway set not null;`);
  }
}
