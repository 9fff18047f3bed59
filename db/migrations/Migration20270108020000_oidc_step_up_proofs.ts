import { Migration } from '@mikro-orm/migrations';

/**
 * A step-up through the identity provider finishes in two hops. The provider's redirect back
 * arrives without the session cookie (SameSite=Strict, and the redirect starts on the provider's
 * site), so the callback only records the provider's proof (its digest, and when the person signed
 * in there); the page the service then shows navigates back on this site, with the cookie, and
 * that request spends the proof on the session that started the step-up, once.
 */
export class Migration20270108020000_oidc_step_up_proofs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table oidc_sign_ins add column proof_digest text,
        add column proven_at timestamptz,
        add column proof_used_at timestamptz;
      create unique index oidc_sign_ins_proof on oidc_sign_ins (proof_digest) where proof_digest is not null;
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop index oidc_sign_ins_proof;
      alter table oidc_sign_ins drop column proof_digest, drop column proven_at, drop column proof_used_at;
    `);
  }
}
