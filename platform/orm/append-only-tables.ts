/**
 * The tables whose rows, once written, are facts: the runtime role may read and append to them but
 * never change or remove a row. Each already refuses UPDATE and DELETE by a trigger (and the audit
 * log TRUNCATE too); withholding the privileges as well means a runtime role that is compromised
 * cannot disable those triggers either, since only a table's owner may.
 *
 * - audit_log: who did what in the dashboard.
 * - journal_entries, postings: the double-entry ledger; corrections are new entries.
 * - admins_ever: every operator who has held the ADMIN role; the command line's bootstrap of the
 *   first two ADMINs counts it, so a removed row would open the bootstrap again.
 * - operator_ties, payout_decisions, payout_batch_decisions: who had a hand in whose account, and
 *   who decided each payout: the second-person rule reads them when someone approves.
 *
 * Settlement and bank statement lines are written once too, but nothing guards them in the schema
 * today; they stay writable until a migration gives them a trigger of their own.
 */
export const APPEND_ONLY_TABLES = [
  'admins_ever',
  'audit_log',
  'journal_entries',
  'operator_ties',
  'payout_batch_decisions',
  'payout_decisions',
  'postings',
] as const;

/**
 * Tables whose rows are decided once: a waiting row is decided (a refund decision settled, a change
 * to people or a control approved, rejected or withdrawn) and then stands, by their triggers
 * (Migration20270312000000_decided_evidence). The runtime role updates them to decide, but never
 * removes a row.
 */
export const DECIDED_ONCE_TABLES = ['control_changes', 'people_changes', 'refund_decisions'] as const;

/** The migrator's own bookkeeping: the runtime role reads it (nothing more) to see the schema's version. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';
