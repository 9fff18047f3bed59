import type { Mode } from './mode.js';

/**
 * The context each sealed value is bound to (the associated data of its seal): the row and field
 * it belongs to. A value copied onto another row does not open there. Both of a webhook endpoint's
 * secrets share one context, so the current secret can move to the previous one on rotation.
 */

export function gatewayCredentialsContext(row: { appId: number; mode: Mode; gateway: string }): string {
  return `app:${row.appId}|mode:${row.mode}|gateway:${row.gateway}|credentials`;
}

export function webhookSecretContext(row: { appId: number; mode: Mode }): string {
  return `app:${row.appId}|mode:${row.mode}|webhook-endpoint|signing-secret`;
}

/** Both of an operator's TOTP columns (enrolled, pending) share one context: enrolment moves the value. */
export function operatorTotpSecretContext(operatorId: number): string {
  return `operator:${operatorId}|totp-secret`;
}
