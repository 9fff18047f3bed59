import { Migration } from '@mikro-orm/migrations';

/**
 * Changes to people under four eyes, and the record of who had a hand in each account.
 *
 * people_changes holds proposals (create a local account, grant or raise a role, reset a password
 * or a second factor) that a different ADMIN approves; at most one waits per target and kind.
 * operator_ties records, for every applied change to an account, the operator who proposed or made
 * it: the second-person rule reads it to refuse an account its creator (or a recent changer) could
 * control as the second person on that operator's acts. operator_code_failures counts wrong
 * second-factor codes per operator, whatever the client's address. Operators signed in through the
 * company's identity provider (OpenID Connect) are known by issuer and subject; oidc_sign_ins holds
 * each sign-in's state, nonce and PKCE verifier until the provider sends the person back, and a
 * session records whether its second factor came from the provider.
 */
export class Migration20270101000000_people_changes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table people_changes (
        id bigserial primary key,
        kind text not null check (kind in ('CREATE_OPERATOR', 'GRANT_ROLE', 'RESET_PASSWORD', 'RESET_SECOND_FACTOR')),
        target_operator_id bigint references operators (id),
        target_key text not null,
        details jsonb not null,
        status text not null check (status in ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
        proposed_by bigint not null references operators (id),
        proposed_at timestamptz not null,
        decided_by bigint references operators (id),
        decided_at timestamptz,
        comment text
      );
      create unique index people_changes_one_pending on people_changes (target_key, kind) where status = 'PENDING';
      create index people_changes_status_idx on people_changes (status, proposed_at desc);

      create table operator_ties (
        id bigserial primary key,
        operator_id bigint not null references operators (id),
        by_operator_id bigint references operators (id),
        kind text not null,
        people_change_id bigint references people_changes (id),
        at timestamptz not null
      );
      create index operator_ties_pair_idx on operator_ties (operator_id, by_operator_id);

      alter table operators add column code_failures integer not null default 0,
        add column code_locked_until timestamptz,
        add column oidc_issuer text,
        add column oidc_subject text;
      create unique index operators_oidc_identity on operators (oidc_issuer, oidc_subject) where oidc_subject is not null;

      alter table operator_sessions add column second_factor_source text
        check (second_factor_source in ('TOTP', 'IDP'));

      create table oidc_sign_ins (
        state_digest text primary key,
        code_verifier text not null,
        nonce text not null,
        next_path text not null,
        step_up_session_id text,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table oidc_sign_ins;
      alter table operator_sessions drop column second_factor_source;
      alter table operators drop column code_failures, drop column code_locked_until,
        drop column oidc_issuer, drop column oidc_subject;
      drop table operator_ties;
      drop table people_changes;
    `);
  }
}
