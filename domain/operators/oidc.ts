import { ROLES, type Role } from './permissions.js';

/**
 * What the identity provider says about a person, turned into what the service needs: their role
 * (from their groups, at every sign-in) and whether the provider's sign-in was a second factor.
 * Pure: the sign-in route and the tests ask these functions.
 */

/** `ADMIN=payments-admins|ops-admins,FINANCE=payments-finance` → group → roles. */
export function parseRoleGroups(setting: string | undefined): Map<string, Role[]> {
  const byGroup = new Map<string, Role[]>();
  for (const entry of (setting ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [role, groups] = entry.split('=', 2).map((part) => part?.trim() ?? '');
    if (!role || !(ROLES as readonly string[]).includes(role) || !groups) {
      throw new Error(`OIDC_ROLE_GROUPS: "${entry}" is not ROLE=group (roles: ${ROLES.join(', ')})`);
    }
    for (const group of groups
      .split('|')
      .map((g) => g.trim())
      .filter(Boolean)) {
      byGroup.set(group, [...(byGroup.get(group) ?? []), role as Role]);
    }
  }
  return byGroup;
}

/** The groups a claim holds: an array of names, or one name; anything else holds none. */
export function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string');
  return [];
}

/**
 * The role the person's groups give (null: none, and they cannot sign in). Keycloak writes groups
 * as paths (`/payments-admins`): a leading slash is not part of the name.
 */
export function roleFromGroups(groups: readonly string[], mapping: Map<string, Role[]>): Role | null {
  const granted = new Set<Role>();
  for (const group of groups) {
    for (const role of mapping.get(group) ?? mapping.get(group.replace(/^\//, '')) ?? []) granted.add(role);
  }
  return ROLES.find((role) => granted.has(role)) ?? null;
}

const list = (setting: string | undefined) =>
  (setting ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);

/** Whether the provider's sign-in counts as a second factor: an accepted `amr` or `acr` value. */
export function providerSecondFactor(
  claims: { amr?: unknown; acr?: unknown },
  accepted: { amr: string | undefined; acr: string | undefined },
): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  const acceptedAmr = list(accepted.amr);
  if (amr.some((value) => acceptedAmr.includes(value))) return true;
  return typeof claims.acr === 'string' && list(accepted.acr).includes(claims.acr);
}
