import { Migration } from '@mikro-orm/migrations';

/**
 * Operators' second factor, password resets and sign-in throttling per (email, client).
 *
 * - A TOTP secret, sealed with the server key; the last time step accepted, so a code is taken once.
 *   A secret being enrolled waits in `totp_pending_sealed` until a first code confirms it.
 * - Recovery codes, single use, kept only as SHA-256 digests (they are random, not chosen).
 * - Sign-in challenges: the password was right, the second factor is still owed.
 * - Password resets an administrator issues: a random token kept as a digest, short-lived, single use.
 * - Sign-in throttling per (email, client): failures in a row and the time before the next attempt
 *   is even checked. Another client (the real owner) keeps its own count. (login_failures, the
 *   old count per email alone, is no longer written; the sweeper empties it.)
 */
export class Migration20261206000000_operator_second_factor extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table operators
        add column totp_sealed text,
        add column totp_pending_sealed text,
        add column totp_enrolled_at timestamptz,
        add column totp_last_step bigint;

      create table operator_recovery_codes (
        id bigserial primary key,
        operator_id bigint not null references operators (id),
        code_digest text not null,
        created_at timestamptz not null default now(),
        used_at timestamptz
      );
      create index operator_recovery_codes_operator_idx on operator_recovery_codes (operator_id);

      create table operator_sign_in_challenges (
        id text primary key,
        operator_id bigint not null references operators (id),
        client text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        failures int not null default 0,
        used_at timestamptz
      );

      create table operator_password_resets (
        id text primary key,
        operator_id bigint not null references operators (id),
        issued_by bigint references operators (id),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz
      );
      create index operator_password_resets_operator_idx on operator_password_resets (operator_id);

      create table login_throttles (
        email text not null,
        client text not null,
        failures int not null default 0,
        last_failure_at timestamptz,
        next_attempt_at timestamptz,
        primary key (email, client)
      );
      -- The sweeper prunes rows a day without failures has made meaningless (db/payments/pruning.ts).
      create index login_throttles_last_failure_idx on login_throttles (last_failure_at);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      drop table if exists login_throttles, operator_password_resets, operator_sign_in_challenges,
        operator_recovery_codes;
      alter table operators
        drop column if exists totp_sealed,
        drop column if exists totp_pending_sealed,
        drop column if exists totp_enrolled_at,
        drop column if exists totp_last_step;
    `);
  }
}
