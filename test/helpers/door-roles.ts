import type { DoorUse } from '../../domain/approvals/doors.js';
import { RULE_BOOK } from '../../domain/approvals/rule-book.js';
import type { Role } from '../../domain/operators/permissions.js';

/** The roles a door lets through: who may ask for its action, or who may decide it. */
export function rolesOf(use: Extract<DoorUse, { action: string }>): readonly Role[] {
  const rule = RULE_BOOK[use.action];
  switch (use.step) {
    case 'approve':
    case 'reject':
    case 'tighten':
      return rule.approverRoles;
    default:
      return rule.requesters;
  }
}
