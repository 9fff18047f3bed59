import { SCOPES_DESCRIPTION, withRequiredScopes } from './scope-docs.js';
import { adminGatewayPaths, adminGatewaySchemas } from './admin-gateway-paths.js';
import { adminReceiptPaths, adminReceiptSchemas } from './admin-receipt-paths.js';
import { adminSettlementImportPaths, adminSettlementImportSchemas } from './admin-settlement-import-paths.js';
import { adminBankStatementPaths, adminBankStatementSchemas } from './admin-bank-statement-paths.js';
import { adminRailStatementPaths, adminRailStatementSchemas } from './admin-rail-statement-paths.js';
import { adminControlPaths, adminControlSchemas } from './admin-control-paths.js';
import { adminPeoplePaths, adminPeopleSchemas } from './admin-people-paths.js';
import { adminKeyRequestSchemas } from './key-request-shapes.js';
import { adminKeyRequestPaths } from './admin-key-request-paths.js';
import { adminExportPaths } from './admin-export-paths.js';
import { adminFeePaths, adminFeeSchemas } from './admin-fee-paths.js';
import { adminReconciliationActionPaths } from './admin-reconciliation-action-paths.js';
import { adminReconciliationPaths, adminReconciliationSchemas } from './admin-reconciliation-paths.js';
import { adminInvoicePaths, adminInvoiceSchemas } from './admin-invoice-paths.js';
import { appApiPaths, appApiSchemas } from './app-paths.js';
import { HOST_SESSION_COOKIE, SESSION_COOKIE } from '../admin/session.js';
import { adminApiPaths } from './admin-paths.js';
import { operatorAuthPaths, operatorAuthSchemas } from './operator-auth-paths.js';
import {
  instant,
  integer,
  namedShapeComponents,
  record,
  ref,
  withExamples,
  type Json,
} from './json-schema.js';
import { webhookBodyExample } from './answer-examples.js';
import { documentFor } from './audiences.js';
import { withMediaExamples } from './media-examples.js';
import { TAGS_OF, type Audience } from './tags.js';
import { COMPONENT_SCHEMAS } from './shapes.js';
import { RATE_LIMIT_HEADERS, sharedResponses } from './responses.js';
import { invoicePaths, invoiceSchemas } from './invoice-paths.js';
import { payoutPaths, payoutSchemas } from './payout-paths.js';
import { payoutBatchPaths, payoutBatchSchemas } from './payout-batch-paths.js';
import { EVENT_TYPES } from './event-types.js';
import { eventPaths, eventSchemas } from './event-paths.js';
import { webhookEndpointPaths, webhookEndpointSchemas } from './webhook-endpoint-paths.js';
import { requestLogPaths, requestLogSchemas } from './request-log-paths.js';
import { reportPaths, reportSchemas } from './report-paths.js';
import { adminRequestLogPaths, adminRequestLogSchemas } from './admin-request-log-paths.js';
import { adminApprovalsPaths, adminApprovalsSchemas } from './admin-approvals-paths.js';
import { adminSavedViewPaths, adminSavedViewSchemas } from './admin-saved-view-paths.js';
import { adminReportPaths, adminReportSchemas } from './admin-report-paths.js';
import { adminSearchPaths, adminSearchSchemas } from './admin-search-paths.js';
import { healthPaths, healthSchemas } from './health-paths.js';
import { gatewayHealthPaths, gatewayHealthSchemas } from './gateway-health-paths.js';

export { EVENT_TYPES } from './event-types.js';

/** A webhook delivery's body; its headers follow Standard Webhooks (webhook-id, -timestamp, -signature). */
const webhook = (type: string, data: string, summary: string, example: Json | undefined): Json => ({
  post: {
    summary,
    description:
      'Signed per Standard Webhooks: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` with the endpoint secret; `webhook-id` is the event id on every retry.',
    parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => ({
      name,
      in: 'header',
      required: true,
      schema: { type: 'string' },
    })),
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['id', 'type', 'timestamp', 'data'],
            properties: {
              id: { type: 'string' },
              type: { type: 'string', const: type },
              timestamp: instant,
              data: ref(data),
            },
          },
          ...(example && { example }),
        },
      },
    },
    responses: {
      '2XX': { description: 'Received; any other answer is retried for about three days (410 stops)' },
    },
  },
});

/** The components of every module in one map; a name two modules use would silently replace one shape. */
function distinctSchemas(...groups: Array<Record<string, Json>>): Record<string, Json> {
  const schemas: Record<string, Json> = {};
  for (const group of groups) {
    for (const [name, schema] of Object.entries(group)) {
      if (name in schemas) throw new Error(`Two OpenAPI components are named ${name}`);
      schemas[name] = schema;
    }
  }
  return schemas;
}

/**
 * The OpenAPI 3.1 document of the app API and the admin JSON API, generated from the same zod
 * schemas that validate requests; `npm run fuzz` holds the service to it.
 */
export function buildOpenApiDocument(publicUrl: string): Json {
  const schemas = distinctSchemas(
    COMPONENT_SCHEMAS,
    namedShapeComponents(),
    {
      WebhookPingData: withExamples(
        record({ appId: integer, mode: { type: 'string', enum: ['TEST', 'LIVE'] } }),
        { appId: 12, mode: 'TEST' },
      ),
    },
    operatorAuthSchemas(),
    appApiSchemas(),
    eventSchemas(),
    webhookEndpointSchemas(),
    requestLogSchemas(),
    reportSchemas(),
    invoiceSchemas(),
    payoutSchemas(),
    payoutBatchSchemas(),
    adminInvoiceSchemas(),
    adminGatewaySchemas(),
    adminReceiptSchemas(),
    adminSettlementImportSchemas(),
    adminBankStatementSchemas(),
    adminRailStatementSchemas(),
    adminControlSchemas(),
    adminPeopleSchemas(),
    adminKeyRequestSchemas(),
    adminFeeSchemas(),
    adminReconciliationSchemas(),
    adminRequestLogSchemas(),
    adminApprovalsSchemas(),
    adminSavedViewSchemas(),
    adminReportSchemas(),
    adminSearchSchemas(),
    healthSchemas(),
    gatewayHealthSchemas(),
  );
  const exampleOf = (name: string) => (schemas[name]?.examples as unknown[] | undefined)?.[0];
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'OI Payments API',
      version: '1.0.0',
      description:
        "One payment service for every internal application. Amounts are integer minor units; every response uses one envelope. The app operations come first, by resource; operations tagged `admin` are the operators' API. Apps and operators each have a reference of their own: /api/v1/openapi/apps.json and /api/v1/openapi/operators.json.",
    },
    servers: [{ url: `${publicUrl.replace(/\/$/, '')}/api/v1` }],
    // App resources first: Swagger UI and generated docs list operations in the tags' order.
    tags: [...TAGS_OF.apps, ...TAGS_OF.operators],
    components: {
      headers: RATE_LIMIT_HEADERS,
      // Filled in below, once every operation has named the shared answers it gives.
      responses: {} as Record<string, Json>,
      securitySchemes: {
        ApiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description: SCOPES_DESCRIPTION,
        },
        ApiSecret: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Secret',
          description: 'The secret shown once with the key',
        },
        OperatorSession: {
          type: 'apiKey',
          in: 'cookie',
          // Over HTTPS the cookie carries the __Host- prefix (api/admin/session.ts).
          name: publicUrl.startsWith('https:') ? HOST_SESSION_COOKIE : SESSION_COOKIE,
        },
        CsrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      },
      schemas,
    },
    webhooks: Object.fromEntries(
      EVENT_TYPES.map(([type, data, summary]) => [
        type,
        webhook(type, data, summary, webhookBodyExample(type, exampleOf(data))),
      ]),
    ),
    paths: {
      ...appApiPaths(),
      ...invoicePaths(),
      ...payoutPaths(),
      ...payoutBatchPaths(),
      ...eventPaths(),
      ...webhookEndpointPaths(),
      ...requestLogPaths(),
      ...reportPaths(),
      ...adminApiPaths(),
      ...operatorAuthPaths(),
      ...adminInvoicePaths(),
      ...adminGatewayPaths(),
      ...adminReceiptPaths(),
      ...adminSettlementImportPaths(),
      ...adminBankStatementPaths(),
      ...adminRailStatementPaths(),
      ...adminControlPaths(),
      ...adminPeoplePaths(),
      ...adminKeyRequestPaths(),
      ...adminExportPaths(),
      ...adminFeePaths(),
      ...adminReconciliationPaths(),
      ...adminReconciliationActionPaths(),
      ...adminRequestLogPaths(),
      ...adminApprovalsPaths(),
      ...adminSavedViewPaths(),
      ...adminReportPaths(),
      ...adminSearchPaths(),
      ...healthPaths(publicUrl),
      ...gatewayHealthPaths(),
    },
  };
  withMediaExamples(document.paths, schemas);
  withRequiredScopes(document.paths);
  withMediaExamples(document.webhooks as Record<string, Json>, schemas);
  document.components.responses = sharedResponses();
  return document;
}

/** The reference of one audience: the app API alone, or the operators' (api/openapi/audiences.ts). */
export function buildAudienceDocument(publicUrl: string, audience: Audience): Json {
  return documentFor(buildOpenApiDocument(publicUrl), audience);
}
