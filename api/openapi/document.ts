import { adminGatewayPaths, adminGatewaySchemas } from './admin-gateway-paths.js';
import { adminReceiptPaths, adminReceiptSchemas } from './admin-receipt-paths.js';
import { adminControlPaths, adminControlSchemas } from './admin-control-paths.js';
import { adminInvoicePaths, adminInvoiceSchemas } from './admin-invoice-paths.js';
import { appApiPaths, appApiSchemas } from './app-paths.js';
import { HOST_SESSION_COOKIE, SESSION_COOKIE } from '../admin/session.js';
import { adminApiPaths } from './admin-paths.js';
import { operatorAuthPaths, operatorAuthSchemas } from './operator-auth-paths.js';
import { instant, ref, type Json } from './json-schema.js';
import { COMPONENT_SCHEMAS } from './shapes.js';
import { INVOICE_EVENT_TYPES, invoicePaths, invoiceSchemas } from './invoice-paths.js';

/** Every event type, with the object its `data` carries and when it is sent. */
const EVENT_TYPES: Array<[type: string, data: 'Payment' | 'Refund' | 'Invoice', summary: string]> = [
  ['payment.succeeded', 'Payment', 'A payment was confirmed paid by its gateway'],
  ['payment.failed', 'Payment', 'A payment failed at its gateway'],
  ['payment.cancelled', 'Payment', 'The customer cancelled at checkout'],
  ['payment.expired', 'Payment', 'The checkout window ended without a confirmed payment'],
  ['payment.partially_refunded', 'Payment', 'A refund of part of the payment succeeded'],
  ['payment.refunded', 'Payment', 'Refunds now cover the whole payment'],
  ['refund.created', 'Refund', 'A refund was taken: on its way to the gateway, or waiting for an approver'],
  ['refund.approval_required', 'Refund', "The app's policy makes this refund wait for an approver"],
  ['refund.approved', 'Refund', 'An approver approved the refund; it is on its way to the gateway'],
  ['refund.rejected', 'Refund', 'An approver rejected the refund; its amount is refundable again'],
  ['refund.expired', 'Refund', 'Nobody decided within the approval window; its amount is refundable again'],
  ['refund.succeeded', 'Refund', 'The gateway refunded the money'],
  ['refund.failed', 'Refund', 'The gateway refused or failed the refund; its amount is refundable again'],
  ...INVOICE_EVENT_TYPES.map(([type, summary]) => [type, 'Invoice', summary] as [string, 'Invoice', string]),
];

/** A webhook delivery's body; its headers follow Standard Webhooks (webhook-id, -timestamp, -signature). */
const webhook = (type: string, data: string, summary: string): Json => ({
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
        },
      },
    },
    responses: {
      '2XX': { description: 'Received; any other answer is retried for about three days (410 stops)' },
    },
  },
});

/**
 * The OpenAPI 3.1 document of the app API and the admin JSON API, generated from the same zod
 * schemas that validate requests; `npm run fuzz` holds the service to it.
 */
export function buildOpenApiDocument(publicUrl: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'OI Payments API',
      version: '1.0.0',
      description:
        "One payment service for every internal application. Amounts are integer minor units; every response uses one envelope. Operations tagged `admin` are the operators' API.",
    },
    servers: [{ url: `${publicUrl.replace(/\/$/, '')}/api/v1` }],
    tags: [{ name: 'admin', description: 'The admin JSON API: an operator session, its CSRF token, a role' }],
    components: {
      securitySchemes: {
        ApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        ApiSecret: { type: 'apiKey', in: 'header', name: 'X-Api-Secret' },
        OperatorSession: {
          type: 'apiKey',
          in: 'cookie',
          // Over HTTPS the cookie carries the __Host- prefix (api/admin/session.ts).
          name: publicUrl.startsWith('https:') ? HOST_SESSION_COOKIE : SESSION_COOKIE,
        },
        CsrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      },
      schemas: {
        ...COMPONENT_SCHEMAS,
        ...operatorAuthSchemas(),
        ...appApiSchemas(),
        ...invoiceSchemas(),
        ...adminInvoiceSchemas(),
        ...adminGatewaySchemas(),
        ...adminReceiptSchemas(),
        ...adminControlSchemas(),
      },
    },
    webhooks: Object.fromEntries(
      EVENT_TYPES.map(([type, data, summary]) => [type, webhook(type, data, summary)]),
    ),
    paths: {
      ...appApiPaths(),
      ...invoicePaths(),
      ...adminApiPaths(),
      ...operatorAuthPaths(),
      ...adminInvoicePaths(),
      ...adminGatewayPaths(),
      ...adminReceiptPaths(),
      ...adminControlPaths(),
    },
  };
}
