import type { AppCounts } from '../../../db/apps/app-admin.js';
import { credentialState } from '../../../db/apps/credentials.js';
import type { App, Credential, WebhookEndpoint } from '../../../platform/orm/entities.js';
import { MODES } from '../../../domain/shared/mode.js';
import { maskedWebhookUrl } from '../../../domain/webhooks/webhook-endpoints.js';

/** JSON shapes of the apps area. None of them carries a secret, a hash or a sealed value. */

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function appView(app: App) {
  return {
    id: app.id,
    name: app.name,
    displayName: app.displayName,
    status: app.status,
    logoUrl: app.logoUrl,
    brandColor: app.brandColor,
    receiptsEnabled: app.receiptsEnabled,
    invoiceEmailsEnabled: app.invoiceEmailsEnabled,
    /** Requests per minute per credential mode set for this app; null: the service's default. */
    rateLimitPerMinute: app.rateLimitPerMinute,
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
  };
}

export function appListView(app: App, counts: AppCounts) {
  return { ...appView(app), counts };
}

export function credentialView(credential: Credential, at: Date) {
  return {
    id: credential.id,
    mode: credential.mode,
    key: credential.apiKey,
    /** ACTIVE (current), GRACE (rotated, still accepted), EXPIRED or REVOKED. */
    status: credentialState(credential, at),
    createdAt: credential.createdAt.toISOString(),
    firstUsedAt: iso(credential.firstUsedAt),
    lastUsedAt: iso(credential.lastUsedAt),
    /** End of the grace window of a rotated credential (null while it is current). */
    graceEndsAt: iso(credential.expiresAt),
    revokedAt: iso(credential.revokedAt),
    replacedById: credential.replacedById,
    /** A named key's name; null for the app's own pair. */
    name: credential.name ?? null,
    /** A named key's scopes; null: every scope (the app's own pair). */
    scopes: credential.scopes ?? null,
  };
}

export function endpointView(endpoint: WebhookEndpoint | undefined) {
  return endpoint
    ? {
        url: maskedWebhookUrl(endpoint.url),
        createdAt: endpoint.createdAt.toISOString(),
        updatedAt: endpoint.updatedAt.toISOString(),
      }
    : null;
}

export function endpointsView(endpoints: Partial<Record<(typeof MODES)[number], WebhookEndpoint>>) {
  return Object.fromEntries(MODES.map((mode) => [mode, endpointView(endpoints[mode])]));
}

/** Every endpoint of the app as operators see it: its URL masked, its filter and switch. */
export function allEndpointsView(endpoints: WebhookEndpoint[]) {
  return endpoints.map((endpoint) => ({
    id: endpoint.publicId,
    mode: endpoint.mode,
    url: maskedWebhookUrl(endpoint.url),
    description: endpoint.description,
    enabledEvents: endpoint.enabledEvents,
    enabled: endpoint.disabledAt === null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  }));
}
