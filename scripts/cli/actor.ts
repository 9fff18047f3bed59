import { hostname, userInfo } from 'node:os';
import type { AuditActor } from '../../db/operators/audit.js';

/**
 * Who changes things from the command line, for the audit trail: the operating-system user and
 * the machine, as `cli:<user>@<host>`. The CLI talks to the database directly, so this is the only
 * trace of who ran it.
 */
export function cliActor(): AuditActor {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // A container user without a passwd entry.
    user = process.env.USER ?? process.env.LOGNAME ?? `uid-${process.getuid?.() ?? 'unknown'}`;
  }
  return { type: 'SYSTEM', id: null, label: `cli:${user}@${hostname()}`, ip: null };
}
