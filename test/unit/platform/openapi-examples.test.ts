import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ZodType } from 'zod';
import { appApiRoutes, registeredAppRoutes } from '../../../api/apps/app-api.js';
import type { RouteDeps } from '../../../api/deps.js';
import { createEventStreamHub } from '../../../api/webhooks/event-stream-hub.js';
import { createReportRunBody } from '../../../api/reports/report-schemas.js';
import { buildAudienceDocument, buildOpenApiDocument } from '../../../api/openapi/document.js';
import { APP_TAGS, OPERATOR_TAGS } from '../../../api/openapi/tags.js';
import { createPaymentBody } from '../../../api/payments/payment-schemas.js';
import { createRefundBody } from '../../../api/refunds/refund-schemas.js';
import {
  createInvoiceBody,
  issueInvoiceBody,
  updateInvoiceBody,
  voidInvoiceBody,
} from '../../../api/invoices/invoice-schemas.js';
import {
  createWebhookEndpointBody,
  recoverWebhookEndpointBody,
  updateWebhookEndpointBody,
} from '../../../api/webhooks/webhook-endpoint-schemas.js';

/**
 * The reference's examples are what "Try it out" sends and what a reader copies: each one must be
 * a body the service takes (request examples, through the very zod schemas that validate
 * requests) or one it could answer (every example in the document, against the schema beside it).
 * And the app reference holds the app operations alone, grouped by resource.
 */

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const whole = buildOpenApiDocument('http://127.0.0.1') as Json;
const apps = buildAudienceDocument('http://127.0.0.1', 'apps') as Json;
const operators = buildAudienceDocument('http://127.0.0.1', 'operators') as Json;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false });
addFormats(ajv);
ajv.addFormat('binary', true);
ajv.addSchema(whole, 'openapi');
const validators = new Map<string, ValidateFunction>();

/** A validator for the schema at a JSON pointer into the whole document. */
function validatorAt(pointer: string[]): ValidateFunction {
  const fragment = pointer
    .map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1')))
    .join('/');
  let validate = validators.get(fragment);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi#/${fragment}` });
    validators.set(fragment, validate);
  }
  return validate;
}

interface Example {
  where: string;
  pointer: string[];
  example: unknown;
}

/**
 * Each schema and example once: the same error example sits beside the same `$ref` in most
 * operations, and one check of it (against the component the $ref names) is enough.
 */
function distinct(examples: Example[]): Example[] {
  const seen = new Map<string, Example>();
  for (const entry of examples) {
    let schema: unknown = whole;
    for (const part of entry.pointer) schema = (schema as Json)?.[part];
    const ref = (schema as Json | undefined)?.$ref as string | undefined;
    const pointer =
      ref?.startsWith('#/') && Object.keys(schema as Json).length === 1
        ? ref.slice(2).split('/')
        : entry.pointer;
    const key = `${pointer.join('/')} ${JSON.stringify(entry.example)}`;
    if (!seen.has(key)) seen.set(key, { ...entry, pointer });
  }
  return [...seen.values()];
}

/** Every example the document holds: its components' `examples`, and each media type's `example`. */
function examplesOf(document: Json): Example[] {
  const found: Example[] = [];
  for (const [name, schema] of Object.entries(document.components.schemas as Json)) {
    for (const example of (schema as Json).examples ?? []) {
      found.push({ where: `components.${name}`, pointer: ['components', 'schemas', name], example });
    }
  }
  for (const section of ['paths', 'webhooks'] as const) {
    for (const [path, item] of Object.entries((document[section] ?? {}) as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        if (!METHODS.includes(method)) continue;
        const media: Array<[string[], Json]> = [
          ...Object.entries(operation.requestBody?.content ?? {}).map(
            ([type, m]) => [['requestBody', 'content', type], m as Json] as [string[], Json],
          ),
          ...Object.entries(operation.responses ?? {}).flatMap(([status, answer]) =>
            Object.entries((answer as Json).content ?? {}).map(
              ([type, m]) => [['responses', status, 'content', type], m as Json] as [string[], Json],
            ),
          ),
        ];
        for (const [at, m] of media) {
          if (m.example === undefined) continue;
          found.push({
            where: `${method.toUpperCase()} ${path} ${at.join('.')}`,
            pointer: [section, path, method, ...at, 'schema'],
            example: m.example,
          });
        }
      }
    }
  }
  return found;
}

const operationsOf = (document: Json) =>
  Object.entries(document.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ path, method, operation: operation as Json })),
  );

describe('the OpenAPI examples', () => {
  it.each(distinct(examplesOf(whole)).map((e) => [e.where, e] as const))(
    '%s fits its schema',
    (_where, entry) => {
      const validate = validatorAt(entry.pointer);
      const valid = validate(entry.example);
      expect(valid ? [] : validate.errors).toEqual([]);
    },
  );

  const REQUEST_SCHEMAS: Record<string, ZodType> = {
    CreatePayment: createPaymentBody,
    CreateRefund: createRefundBody,
    CreateInvoice: createInvoiceBody,
    UpdateInvoice: updateInvoiceBody,
    IssueInvoice: issueInvoiceBody,
    VoidInvoice: voidInvoiceBody,
    CreateWebhookEndpoint: createWebhookEndpointBody,
    UpdateWebhookEndpoint: updateWebhookEndpointBody,
    RecoverWebhookEndpoint: recoverWebhookEndpointBody,
    CreateReportRun: createReportRunBody,
  };

  it.each(Object.entries(REQUEST_SCHEMAS))(
    '%s: its examples are in the document and the request schema takes them',
    (name, schema) => {
      const examples = (whole.components.schemas[name].examples ?? []) as unknown[];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const parsed = schema.safeParse(example);
        expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
      }
    },
  );

  it('gives every app request body and every successful JSON answer an example', () => {
    const missing = operationsOf(apps).flatMap(({ path, method, operation }) => {
      const bodies = Object.entries(operation.requestBody?.content ?? {}).map(([type, m]) => [
        `${method} ${path} request ${type}`,
        m as Json,
      ]);
      const answers = Object.entries(operation.responses as Json)
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([status, answer]) =>
          Object.entries((answer as Json).content ?? {}).map(([type, m]) => [
            `${method} ${path} ${status} ${type}`,
            m as Json,
          ]),
        );
      return [...bodies, ...answers]
        .filter(([type]) => (type as string).endsWith('json'))
        .filter(([, m]) => (m as Json).example === undefined)
        .map(([where]) => where);
    });
    expect(missing).toEqual([]);
  });

  it('shows a realistic POST /payments body: the declared example, not one made from the patterns', () => {
    const media = apps.paths['/payments'].post.requestBody.content['application/json'];
    expect(media.example).toMatchObject({
      amountMinor: 125000,
      currency: 'BDT',
      customerReference: 'customer-58213',
    });
    const created = apps.paths['/payments'].post.responses['201'].content['application/json'].example;
    expect(created.data.reference).toMatch(/^pay_[0-9a-z]{20}$/);
    expect(created.meta.success).toBe(true);
  });
});

describe('the references of apps and of operators', () => {
  const appTags = Object.values(APP_TAGS).map((tag) => tag.name);
  const operatorTags = Object.values(OPERATOR_TAGS).map((tag) => tag.name);

  it('tags every operation with one resource, app resources first', () => {
    for (const { path, method, operation } of operationsOf(whole)) {
      expect([`${method} ${path}`, operation.tags?.length]).toEqual([`${method} ${path}`, 1]);
    }
    expect(whole.tags.map((tag: Json) => tag.name)).toEqual([...appTags, ...operatorTags]);
    for (const tag of whole.tags) expect(tag.description).toEqual(expect.any(String));
  });

  it('puts each operation in exactly one of the two references', () => {
    const appOperations = operationsOf(apps);
    const operatorOperations = operationsOf(operators);
    expect(appOperations.every(({ operation }) => appTags.includes(operation.tags[0]))).toBe(true);
    expect(operatorOperations.every(({ operation }) => operatorTags.includes(operation.tags[0]))).toBe(true);
    expect(appOperations.length + operatorOperations.length).toBe(operationsOf(whole).length);
    expect(appOperations.map(({ operation }) => operation.operationId)).toEqual(
      expect.arrayContaining([
        'createPayment',
        'createRefund',
        'createInvoice',
        'listEvents',
        'createWebhookEndpoint',
        'createReportRun',
        'getReportRunFile',
      ]),
    );
    expect(Object.keys(apps.paths).some((path) => path.startsWith('/admin'))).toBe(false);
    expect(apps.tags.map((tag: Json) => tag.name)).toEqual(appTags);
  });

  it("keeps only the shapes each reference uses: no operator shape among the apps'", () => {
    const appSchemas = Object.keys(apps.components.schemas);
    expect(appSchemas).toEqual(
      expect.arrayContaining(['CreatePayment', 'Payment', 'Invoice', 'Event', 'ErrorEnvelope']),
    );
    expect(appSchemas).not.toContain('AdminPayment');
    expect(appSchemas).not.toContain('OperatorSession');
    expect(Object.keys(operators.components.schemas)).not.toContain('CreatePayment');
    // Authorize asks an app's reader for the key and secret alone.
    expect(Object.keys(apps.components.securitySchemes)).toEqual(['ApiKey', 'ApiSecret']);
    expect(apps.webhooks).toEqual(whole.webhooks);
    expect(operators.webhooks).toBeUndefined();
    // Every reference resolves: each $ref names a component the document keeps.
    for (const document of [apps, operators]) {
      const refs = JSON.stringify(document).match(/"#\/components\/[^"]+"/g) ?? [];
      for (const ref of new Set(refs)) {
        const [, , kind, name] = JSON.parse(ref).split('/');
        expect([ref, document.components[kind]?.[name] !== undefined]).toEqual([ref, true]);
      }
    }
  });
});

describe('the app reference and the routes the app API registers', () => {
  const router = appApiRoutes({ config: {} } as unknown as RouteDeps, createEventStreamHub());
  const registered = registeredAppRoutes(router);
  const documented = operationsOf(apps).map(
    ({ path, method }) => `${method.toUpperCase()} /api/v1${path.replace(/\{([^}]+)\}/g, ':$1')}`,
  );

  it('documents every route an app can call with its key', () => {
    expect(registered.filter((route) => !documented.includes(route))).toEqual([]);
  });

  it('documents the report runs: the run, its file in both formats and its rows', () => {
    const file = apps.paths['/reports/runs/{id}/file'].get;
    expect(Object.keys(file.responses['200'].content)).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(file['x-required-scope']).toBe('reporting');
    expect(
      apps.paths['/reports/runs'].post.responses['201'].content['application/json'].example.data,
    ).toEqual(whole.components.schemas.ReportRun.examples[0]);
    expect(apps.tags.map((tag: Json) => tag.name)).toContain('Reports');
  });
});
