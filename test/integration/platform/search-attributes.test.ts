import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { developmentStackEnv } from '../../helpers/config-env.js';
import { eventually } from '../../helpers/eventually.js';
import { TEST_SEALING_KEYS } from '../../helpers/stack-secrets.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';
import {
  assertSearchAttributes,
  searchAttributeProblems,
  SearchAttributesMissingError,
} from '../../../platform/temporal/search-attribute-check.js';
import { SEARCH_ATTRIBUTES } from '../../../platform/temporal/search-attributes.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const { INDEXED_VALUE_TYPE_KEYWORD: KEYWORD, INDEXED_VALUE_TYPE_TEXT: TEXT } =
  temporal.api.enums.v1.IndexedValueType;

/**
 * The search attributes the workflows set, checked against namespaces of the suite's real Temporal
 * dev server: one that lacks or mistypes some is refused, naming each and how to add it, and the
 * API and worker entry points will not start on it; one that holds them all passes.
 */
describe('the start-up check of search attributes', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await Connection.connect({ address: requireEnv(testEnv.temporalAddress) });
  });
  afterAll(async () => {
    await connection.close();
  });

  /** A namespace of its own holding the given attributes, once the server answers for it. */
  async function namespaceWith(attributes: Record<string, temporal.api.enums.v1.IndexedValueType>) {
    const namespace = `search-attributes-${randomBytes(4).toString('hex')}`;
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    await eventually(
      async () => {
        await connection.operatorService.listSearchAttributes({ namespace });
        return true;
      },
      30_000,
      `namespace ${namespace} to be known`,
    );
    if (Object.keys(attributes).length > 0) {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: attributes });
    }
    await eventually(
      async () => {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        return Object.keys(attributes).every((name) => name in (customAttributes ?? {}));
      },
      30_000,
      `the search attributes of ${namespace}`,
    );
    return namespace;
  }

  const allAs = (type: temporal.api.enums.v1.IndexedValueType) =>
    Object.fromEntries(SEARCH_ATTRIBUTES.map(({ name }) => [name, type]));

  it('refuses a namespace that lacks one attribute or holds one with another type, naming each', async () => {
    const { InvoiceNumber: _absent, ...rest } = allAs(KEYWORD);
    const namespace = await namespaceWith({ ...rest, InvoiceStatus: TEXT });

    expect(await searchAttributeProblems(connection, namespace)).toEqual([
      { name: 'InvoiceStatus', type: 'Keyword', registeredAs: 'Text' },
      { name: 'InvoiceNumber', type: 'Keyword' },
    ]);
    const refusal = await assertSearchAttributes(connection, namespace).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(SearchAttributesMissingError);
    const message = (refusal as Error).message;
    expect(message).toContain(`namespace "${namespace}"`);
    expect(message).toContain('InvoiceNumber (Keyword) is missing');
    expect(message).toContain('InvoiceStatus (Keyword) is registered as Text');
    expect(message).toContain(
      `temporal operator search-attribute create --namespace ${namespace} --name InvoiceNumber --type Keyword`,
    );
    expect(message).toContain(
      `temporal operator search-attribute create --namespace ${namespace} --name InvoiceStatus --type Keyword`,
    );
    expect(message).not.toContain('AppId');
  });

  it('passes a namespace that holds every attribute the workflows set, with its type', async () => {
    const namespace = await namespaceWith(allAs(KEYWORD));
    expect(await searchAttributeProblems(connection, namespace)).toEqual([]);
    await expect(assertSearchAttributes(connection, namespace)).resolves.toBeUndefined();
  });

  it('keeps the API and the worker from starting on a namespace without InvoiceNumber', async () => {
    const { InvoiceNumber: _absent, ...rest } = allAs(KEYWORD);
    const namespace = await namespaceWith(rest);
    const env = {
      ...process.env,
      ...developmentStackEnv,
      DATABASE_URL: requireEnv(testEnv.databaseUrl),
      TEMPORAL_ADDRESS: requireEnv(testEnv.temporalAddress),
      TEMPORAL_NAMESPACE: namespace,
      WORKFLOW_BUNDLE_PATH: requireEnv(testEnv.workflowBundle),
      SEALING_KEYS: TEST_SEALING_KEYS,
      PUBLIC_URL: 'http://127.0.0.1:1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      SWEEPER_INTERVAL_SECONDS: '0',
    };
    for (const entry of ['api/main.ts', 'worker/main.ts']) {
      const outcome = await run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [entry], {
        cwd: ROOT,
        env,
        timeout: HANG_GUARD_MS,
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
      );
      expect({ entry, code: outcome.code }).toEqual({ entry, code: 1 });
      expect(outcome.stderr).toContain('InvoiceNumber (Keyword) is missing');
      expect(outcome.stderr).toContain(
        `temporal operator search-attribute create --namespace ${namespace} --name InvoiceNumber --type Keyword`,
      );
    }
  }, 150_000);
});
