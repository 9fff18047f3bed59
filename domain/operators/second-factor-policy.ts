import type { Role } from './permissions.js';

/** The OPERATOR_SECOND_FACTOR setting. */
export type SecondFactorPosture = 'required-for-money-roles' | 'optional';

/** Roles that move or release money: under the required posture they cannot work without TOTP. */
export const MONEY_ROLES: ReadonlySet<Role> = new Set<Role>(['ADMIN', 'FINANCE']);

/** Must an operator of `role` enrol a second factor before doing anything else? */
export function secondFactorRequired(posture: SecondFactorPosture, role: Role): boolean {
  return posture === 'required-for-money-roles' && MONEY_ROLES.has(role);
}

/** An operator the posture holds at enrolment: signed in, but allowed nothing else yet. */
export function mustEnrolFirst(
  posture: SecondFactorPosture,
  operator: { role: Role; totpEnrolledAt: Date | null },
): boolean {
  return secondFactorRequired(posture, operator.role) && operator.totpEnrolledAt === null;
}
