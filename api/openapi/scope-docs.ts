import { scopeOfRoute } from '../apps/route-scopes.js';
import { SCOPES } from '../../domain/apps/scopes.js';
import type { Json } from './json-schema.js';
import { responseDescription } from './responses.js';

/** How the reference explains scopes, once, in the key's security scheme. */
export const SCOPES_DESCRIPTION = [
  "Your app's key for the mode: oi_test_… in TEST (use it here), oi_live_… in LIVE.",
  "The app's own key pair holds every scope. A named key an operator issues holds only the scopes it",
  `was given (${SCOPES.join(', ')}); every scope includes read. Each operation names the scope it`,
  'needs (`x-required-scope`); a key without it is answered 403 INSUFFICIENT_SCOPE, with the scope',
  'needed in `details.requiredScope`.',
].join(' ');

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** What the app's guardrails (domain/apps/guardrails.ts) answer where money movement starts. */
const GUARDRAIL_ANSWERS: Record<string, { forbidden: string; tooMany: string; note: string }> = {
  'POST /api/v1/payments': {
    forbidden:
      "APP_SUSPENDED also while the app's kill switch is on; LIMIT_EXCEEDED: over the app's limit per payment or per day (details name it); GATEWAY_SWITCHED_OFF: the gateway named is switched off for this app",
    tooMany: "VELOCITY_LIMITED: the app's cap on payments, refunds and payouts per minute is reached",
    note: "The app's guardrails apply: a payment over a limit is refused, not held.",
  },
  'POST /api/v1/payments/:id/refunds': {
    forbidden: "APP_SUSPENDED also while the app's kill switch is on",
    tooMany: "VELOCITY_LIMITED: the app's cap on payments, refunds and payouts per minute is reached",
    note: "The app's guardrails apply: a refund over the app's refund limits is taken PENDING_APPROVAL and waits for an approver.",
  },
};

/**
 * Writes the scope each app operation needs into the document, from the same table the API
 * enforces (api/apps/route-scopes.ts): `x-required-scope`, a line in its description, and
 * INSUFFICIENT_SCOPE among its 403 answers. Operations without the app key's security are left alone.
 */
export function withRequiredScopes(paths: Record<string, Json>): void {
  for (const [path, item] of Object.entries(paths)) {
    const routePath = `/api/v1${path.replace(/\{([^}]+)\}/g, ':$1')}`;
    for (const method of METHODS) {
      const operation = (item as Record<string, Json | undefined>)[method] as
        Record<string, unknown> | undefined;
      const security = operation?.security as Array<Record<string, unknown>> | undefined;
      if (!operation || !security?.some((scheme) => 'ApiKey' in scheme)) continue;
      const scope = scopeOfRoute(method.toUpperCase(), routePath);
      operation['x-required-scope'] = scope;
      const line = scope ? `Needs the \`${scope}\` scope.` : 'Not open to API keys.';
      operation.description = operation.description ? `${String(operation.description)}\n\n${line}` : line;
      const responses = operation.responses as Record<string, Record<string, unknown>>;
      const forbidden = responses['403'];
      const said = responseDescription(forbidden) ?? 'APP_SUSPENDED';
      const guarded = GUARDRAIL_ANSWERS[`${method.toUpperCase()} ${routePath}`];
      responses['403'] = {
        ...(forbidden ?? {}),
        description: `${said}; or INSUFFICIENT_SCOPE: this key does not hold the \`${scope ?? 'none'}\` scope${guarded ? `; ${guarded.forbidden}` : ''}`,
      };
      if (guarded) {
        operation.description = `${String(operation.description)} ${guarded.note}`;
        const tooMany = responses['429'];
        responses['429'] = {
          ...(tooMany ?? {}),
          description: `${responseDescription(tooMany) ?? 'RATE_LIMITED'}; or ${guarded.tooMany}`,
        };
      }
    }
  }
}
