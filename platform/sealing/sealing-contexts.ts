import type { Mode } from '../../domain/shared/mode.js';

/**
 * The context each sealed value is bound to (the associated data of its seal): the row and field
 * it belongs to. A value copied onto another row does not open there. Both of a webhook endpoint's
 * secrets share one context, so the current secret can move to the previous one on rotation.
 */

export function gatewayCredentialsContext(row: { appId: number; mode: Mode; gateway: string }): string {
  return `app:${row.appId}|mode:${row.mode}|gateway:${row.gateway}|credentials`;
}

/**
 * The context webhook secrets were sealed under before each endpoint had its own: shared by every
 * endpoint of an app and mode. Read only to re-seal such a row under `webhookEndpointSecretContext`.
 */
export function webhookSecretContext(row: { appId: number; mode: Mode }): string {
  return `app:${row.appId}|mode:${row.mode}|webhook-endpoint|signing-secret`;
}

/**
 * A webhook endpoint's own context (its `we_…` id): a sealed secret copied onto another endpoint's
 * row, of the same app and mode included, does not open there, so nobody who can write one row
 * makes another endpoint sign with a secret they know.
 */
export function webhookEndpointSecretContext(row: { appId: number; mode: Mode; publicId: string }): string {
  return `app:${row.appId}|mode:${row.mode}|webhook-endpoint:${row.publicId}|signing-secret`;
}

/** The context a webhook endpoint row's secrets are sealed under now (`sealedPerEndpoint` false: the shared one). */
export function endpointSecretContextOf(row: {
  appId: number;
  mode: Mode;
  publicId: string;
  sealedPerEndpoint: boolean;
}): string {
  return row.sealedPerEndpoint ? webhookEndpointSecretContext(row) : webhookSecretContext(row);
}

/** Both of an operator's TOTP columns (enrolled, pending) share one context: enrolment moves the value. */
export function operatorTotpSecretContext(operatorId: number): string {
  return `operator:${operatorId}|totp-secret`;
}
