import { Migration } from '@mikro-orm/migrations';

/**
 * REFUND on an exception starts a real refund of its payment, which waits for a second operator:
 * - recon_exceptions.resolving_refund_id: the refund finance asked for; the exception stays open
 *   until that refund succeeds, and resolves with it then.
 * - recon_decisions.amount_minor: the amount finance asked to refund (null: what the exception
 *   says is owed); refund_reference now names the refund the decision started.
 * - recon_decisions.idempotency_key: the resolve request's Idempotency-Key, one decision per
 *   operator and key, so a repeated request starts nothing twice.
 */
export class Migration20261224010000_recon_refunds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table recon_exceptions add column resolving_refund_id bigint references refunds (id);
      create index recon_exceptions_resolving_refund_idx on recon_exceptions (resolving_refund_id)
        where resolving_refund_id is not null;
      alter table recon_decisions add column amount_minor bigint check (amount_minor > 0),
        add column idempotency_key text;
      create unique index recon_decisions_idempotency_idx on recon_decisions (operator_id, idempotency_key)
        where idempotency_key is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index if exists recon_decisions_idempotency_idx;
      alter table recon_decisions drop column if exists idempotency_key, drop column if exists amount_minor;
      drop index if exists recon_exceptions_resolving_refund_idx;
      alter table recon_exceptions drop column if exists resolving_refund_id;
    `);
  }
}
