import type { Orm } from './orm.js';

/**
 * Whether the role this process connects as could rewrite the audit log: it owns the tables (one
 * DATABASE_URL for migrations and service), is a superuser, or was granted too much. The table's
 * triggers still refuse UPDATE, DELETE and TRUNCATE, but its owner may switch them off, so the
 * append-only guarantee holds only for a role without those privileges. A line naming the role and
 * the fix, or null.
 */
export async function auditLogWritableWarning(orm: Orm): Promise<string | null> {
  const [row] = await orm.em.getConnection().execute<Array<{ role: string; writable: boolean }>>(
    `select current_user as role,
            has_table_privilege('audit_log', 'UPDATE') or has_table_privilege('audit_log', 'DELETE')
              or has_table_privilege('audit_log', 'TRUNCATE') as writable`,
  );
  if (!row?.writable) return null;
  return `DATABASE_URL: role ${row.role} may update and delete the audit log (the owner's role?); run the service as the runtime role \`npm run db:roles\` makes (docs/operations/database-roles.md)`;
}

/**
 * At API and worker start-up, outside the development stack (which runs as the superuser on
 * purpose): the warning above as one log line. A warning, not a refusal: the triggers still hold
 * the service's own code to appending, and a managed PostgreSQL set up with one role keeps
 * working until its operators add the second (docs/operations/database-roles.md).
 */
export async function warnWhenAuditLogWritable(
  orm: Orm,
  developmentStack: boolean,
  warn: (message: string) => void,
): Promise<void> {
  if (developmentStack) return;
  const warning = await auditLogWritableWarning(orm);
  if (warning) warn(`WARNING: ${warning}`);
}
