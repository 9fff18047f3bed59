import { Migration } from '@mikro-orm/migrations';

/**
 * A sign-in through the identity provider is finished only by the browser that started it: the
 * row keeps the digest of the random value that browser holds in a short-lived cookie, and the
 * callback refuses a browser that presents another value or none. Rows started before this
 * column existed hold none, and are refused; they expire within ten minutes anyway.
 */
export class Migration20270108040000_oidc_browser_binding extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table oidc_sign_ins add column browser_digest text;');
  }

  override async down(): Promise<void> {
    this.addSql('alter table oidc_sign_ins drop column browser_digest;');
  }
}
