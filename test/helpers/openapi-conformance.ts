import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { _, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import standaloneCode from 'ajv/dist/standalone';
import addFormats from 'ajv-formats';
import { buildOpenApiDocument } from '../../api/openapi/document.js';

/**
 * Holds real answers and webhook bodies to the OpenAPI document the service publishes: a client
 * generated from the document must be able to read every one of them. A body the document does
 * not allow throws, naming the path of each offending field.
 */

type Json = Record<string, any>;

/** Where the app API is served; the document's paths are relative to it. */
const APP_API = '/api/v1';
const DOCUMENT_ID = 'openapi';

/**
 * Compiled validators, kept as ajv's standalone code by the document's hash and the schema's
 * place in it: compiling one against the whole document takes tens of milliseconds, and every
 * suite would otherwise compile the same ones again.
 */
const VALIDATOR_CACHE = path.resolve(__dirname, '..', '..', '.cache', 'openapi-validators');

let loaded: { document: Json; documentHash: string; ajv: Ajv2020; routes: Route[] } | null = null;
const compiled = new Map<string, ValidateFunction>();

interface Route {
  template: string;
  pattern: RegExp;
  literalSegments: number;
}

function load() {
  if (loaded) return loaded;
  const document = buildOpenApiDocument('http://127.0.0.1') as Json;
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; its own keywords (discriminator, links, …) are not.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: false,
    // Standalone code names the formats where ajv-formats keeps them.
    code: { source: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  ajv.addSchema(document, DOCUMENT_ID);
  const routes = Object.keys(document.paths as Json)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      literalSegments: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    }))
    // A literal segment wins over a parameter (/payments/summary before /payments/{id}).
    .sort((a, b) => b.literalSegments - a.literalSegments);
  const documentHash = createHash('sha256').update(JSON.stringify(document)).digest('hex').slice(0, 16);
  loaded = { document, documentHash, ajv, routes };
  return loaded;
}

/** A JSON pointer as a URI fragment: `~` and `/` escaped, then `{id}` and the like percent-encoded. */
const pointer = (...parts: string[]) =>
  parts.map((part) => encodeURIComponent(part.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

function validatorAt(schemaPath: string): ValidateFunction {
  let validate = compiled.get(schemaPath);
  if (!validate) {
    validate = cachedValidator(schemaPath);
    compiled.set(schemaPath, validate);
  }
  return validate;
}

function cachedValidator(schemaPath: string): ValidateFunction {
  const { ajv, documentHash } = load();
  const name = createHash('sha256').update(schemaPath).digest('hex').slice(0, 16);
  const file = path.join(VALIDATOR_CACHE, `${documentHash}-${name}.js`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (existsSync(file)) return require(file) as ValidateFunction;
  const validate = ajv.compile({ $ref: `${DOCUMENT_ID}#/${schemaPath}` });
  mkdirSync(VALIDATOR_CACHE, { recursive: true });
  // Suites in other Jest workers may write the same file: each writes its own and renames it.
  const written = `${file}.${process.pid}`;
  writeFileSync(written, standaloneCode(ajv, validate));
  renameSync(written, file);
  return validate;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const lines = [
    ...new Set(
      (errors ?? []).map(
        (e) =>
          `  ${e.instancePath || '(body)'}: ${e.message ?? e.keyword}${
            e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''
          }${e.keyword === 'const' || e.keyword === 'enum' ? ` ${JSON.stringify(e.params)}` : ''}`,
      ),
    ),
  ];
  return lines.slice(0, 15).join('\n');
}

function check(schemaPath: string, body: unknown, what: string): void {
  const validate = validatorAt(schemaPath);
  if (!validate(body)) {
    throw new Error(
      `${what} does not fit the OpenAPI document (${schemaPath}):\n${describe(validate.errors)}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    );
  }
}

/** Whether a request path is the app API's (the operators' admin API is held to it separately). */
export function isAppApiPath(path: string): boolean {
  const bare = path.split('?')[0]!;
  return bare.startsWith(`${APP_API}/`) && !bare.startsWith(`${APP_API}/admin`);
}

/**
 * Throws unless a JSON answer of the app API is one the document gives for its operation and
 * status. Paths the document does not name (an unknown route's 404) are not the document's.
 */
export function assertDocumentedAnswer(
  method: string,
  path: string,
  status: number,
  contentType: string | null,
  body: unknown,
): void {
  if (!isAppApiPath(path) || !contentType?.includes('application/json')) return;
  const { document, routes } = load();
  const relative = path.split('?')[0]!.slice(APP_API.length);
  const route = routes.find((r) => r.pattern.test(relative));
  if (!route) return;
  const operation = (document.paths as Json)[route.template][method.toLowerCase()] as Json | undefined;
  if (!operation) return;
  const responses = operation.responses as Json;
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => responses[k]);
  const what = `${method.toUpperCase()} ${path} answered ${status}`;
  if (!key) throw new Error(`${what}, a status the OpenAPI document does not give for ${route.template}`);
  // A shared answer (components/responses) is checked where it is written.
  const where = sharedAnswerName(responses[key])
    ? ['components', 'responses', sharedAnswerName(responses[key])!]
    : ['paths', route.template, method.toLowerCase(), 'responses', key];
  if (!resolvedResponse(document, responses[key]).content?.['application/json']) {
    throw new Error(`${what} with JSON, which the OpenAPI document does not give for ${route.template}`);
  }
  check(pointer(...where, 'content', 'application/json', 'schema'), body, what);
}

const SHARED_ANSWER = '#/components/responses/';

function sharedAnswerName(response: Json): string | null {
  const ref = (response as { $ref?: unknown }).$ref;
  return typeof ref === 'string' && ref.startsWith(SHARED_ANSWER) ? ref.slice(SHARED_ANSWER.length) : null;
}

/** An operation's answer as written, read through its reference when it is a shared one. */
export function resolvedResponse(document: Json, response: Json): Json {
  const name = sharedAnswerName(response);
  return name ? { ...(document.components as Json).responses[name], ...response, $ref: undefined } : response;
}

/** Throws unless a delivered webhook body is the one the document's `webhooks` give for its type. */
export function assertDocumentedWebhook(event: { type: string; [field: string]: unknown }): void {
  const { document } = load();
  const webhooks = document.webhooks as Json;
  if (!webhooks[event.type]) {
    throw new Error(`A webhook of type ${event.type} was delivered; the OpenAPI document has no such event`);
  }
  check(
    pointer('webhooks', event.type, 'post', 'requestBody', 'content', 'application/json', 'schema'),
    event,
    `The ${event.type} webhook`,
  );
}
