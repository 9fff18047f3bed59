import { readFileSync } from 'node:fs';
import { STORE, TEST_PEPPER, TEST_SEALING_KEYS } from './stack-secrets.js';
import { eventually } from './eventually.js';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Webhook } from 'standardwebhooks';
import { startTracing } from '../../platform/telemetry/tracing.js';
import { clientInterceptors } from '../../platform/temporal/connection.js';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import { createApp } from '../../api/app.js';
import { createRequestLogWriter } from '../../api/apps/request-log-writer.js';
import { createEventStreamHub } from '../../api/webhooks/event-stream-hub.js';
import { createApiServer, DEFAULT_SERVER_LIMITS } from '../../platform/http/http-server.js';
import { createOrchestrator } from '../../api/orchestrator.js';
import { apiReadiness } from '../../api/health/api-readiness.js';
import {
  configSchema,
  reconciliationPolicyOf,
  uploadAreaOf,
  type Config,
} from '../../platform/config/index.js';
import { keyringFromConfig } from '../../platform/sealing/sealing.js';
import { registerApp, setWebhookEndpoint, type RegisteredApp } from '../../db/apps/apps.js';
import { createOrm } from '../../platform/orm/orm.js';
import {
  appGatewaySettingsLoader,
  gatewaySettingsOfAppsLoader,
  appGatewaySettingsVersionReader,
} from '../../db/apps/app-gateways.js';
import { watchAppGatewayChanges } from '../../db/apps/app-gateway-changes.js';
import { receiptBook } from '../../db/payments/manual-receipts.js';
import { createGatewayRegistry, type GatewayRegistry } from '../../gateways/registry.js';
import { createPayoutRailRegistry } from '../../gateways/payouts/registry.js';
import { payoutTimingsOf } from '../../domain/payouts/payout-settings.js';
import { healthPolicyOf } from '../../activities/gateway-health/health-policy.js';
import { createCallTally } from '../../domain/gateway-health/call-tally.js';
import { startCallMinuteWriter } from '../../db/gateway-health/call-minutes.js';
import { createSslcommerzSimulator } from '../../gateways/sslcommerz/simulator/app.js';
import { startGatewaySimulators } from './gateway-simulators.js';
import type { WorkerSetup } from '../../worker/create-worker.js';
import { randomToken } from '../../domain/shared/ids.js';
import type { Role } from '../../domain/operators/permissions.js';
import type { ReconciliationPolicy } from '../../domain/reconciliation/reconciliation.js';
import { createOperator } from '../../db/operators/operators.js';
import { requireEnv, testEnv } from './test-env.js';
import { assertDocumentedAnswer, assertDocumentedWebhook } from './openapi-conformance.js';

export { STORE, TEST_PEPPER, TEST_SEALING_KEYS };

async function listen(server: Server): Promise<string> {
  // As the API's own server: a test process whose event loop stalls keeps its sockets.
  server.keepAliveTimeout = DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export interface ReceivedWebhook {
  /** The request's path and query. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/** A local HTTP endpoint that records what it receives; its status code is scriptable. */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  let respondWith = 200;
  let answerBody = '';
  const upcoming: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      });
      res.statusCode = upcoming.shift() ?? respondWith;
      res.end(answerBody);
    });
  });
  const url = await listen(server);
  return {
    url: `${url}/webhooks`,
    received,
    respondWith(status: number) {
      respondWith = status;
    },
    /** Answer every request with this body. */
    answerWith(text: string) {
      answerBody = text;
    },
    /** Answer the next requests with these statuses, then with the default again. */
    respondNext(...statuses: number[]) {
      upcoming.push(...statuses);
    },
    /**
     * Waits for a webhook of `type` about `source` (its reference, or its payment's) whose
     * signature verifies with the standardwebhooks library under `secret`, and returns the event.
     */
    verified(secret: string, type: string, source: string, timeoutMs = 30_000) {
      return eventually(
        async () => {
          // The receiver may serve several apps: only deliveries signed with this secret count.
          const webhook = new Webhook(secret);
          for (const delivery of received) {
            let event: { id: string; type: string; data: Record<string, unknown> };
            try {
              event = webhook.verify(delivery.body, {
                'webhook-id': String(delivery.headers['webhook-id']),
                'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
                'webhook-signature': String(delivery.headers['webhook-signature']),
              }) as typeof event;
            } catch {
              continue;
            }
            const data = event.data as { reference?: string; paymentReference?: string };
            if (event.type === type && (data.reference === source || data.paymentReference === source)) {
              assertDocumentedWebhook(event);
              return event;
            }
          }
          return null;
        },
        timeoutMs,
        `${type} for ${source}`,
      );
    },
    /** Every delivery so far whose signature verifies under `secret`, as events, in arrival order. */
    allVerified(secret: string) {
      const webhook = new Webhook(secret);
      const events = received.flatMap((delivery) => {
        try {
          return [
            webhook.verify(delivery.body, {
              'webhook-id': String(delivery.headers['webhook-id']),
              'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
              'webhook-signature': String(delivery.headers['webhook-signature']),
            }) as { id: string; type: string; data: Record<string, unknown> },
          ];
        } catch {
          return [];
        }
      });
      // Every delivered body is one the document's `webhooks` describe.
      events.forEach(assertDocumentedWebhook);
      return events;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export type Credentials = { key: string; secret: string };

export interface StackOptions {
  worker?: boolean;
  /** The time the API sees; tests move it to cross grace windows and session timeouts. */
  clock?: () => Date;
  configOverrides?: Partial<Record<keyof Config, string>>;
  /** The clock the gateway simulators time outages on (the time-skipping server's time). */
  simulatorClock?: () => number;
  /** The worker reaches PostgreSQL here instead (through a proxy a test can cut). */
  workerDatabaseUrl?: string;
  /** The API and the worker use this database instead of the shared one (a suite's own). */
  databaseUrl?: string;
  /**
   * `databaseUrl` is a database no earlier suite used: nothing to reset, so the stack may run as
   * a role without TRUNCATE (the runtime role `npm run db:roles` makes).
   */
  freshDatabase?: boolean;
  /** Replaces some of the worker's activities, given the real ones (to stage races and crashes). */
  overrideActivities?: WorkerSetup['overrideActivities'];
  /** Run against this environment (e.g. the time-skipping test server) instead of the dev server. */
  temporal?: TestWorkflowEnvironment;
  /**
   * Where the service reaches gateways instead of the simulators, over their addresses (e.g.
   * `BKASH_SANDBOX_URL` of another sandbox): read by the API's and the worker's registries alike.
   */
  gatewayAddresses?: Record<string, string>;
  /** Traces every process of the stack into this exporter (an in-memory one, to read them back). */
  tracing?: SpanExporter;
  /** Payout rails' settings over the simulated disbursement accounts' (a shorter BKASH_DISBURSEMENT_TIMEOUT_MS). */
  payoutRailEnvironment?: Record<string, string>;
}

/**
 * The whole service on real parts, in-process: the API over real HTTP, a worker on a real
 * Temporal dev server, a real PostgreSQL database, and the SSLCOMMERZ simulator as the gateway.
 */
export async function startStack(options: StackOptions = {}) {
  const tracing = options.tracing ? startTracing('test', { exporter: options.tracing }) : null;
  const databaseUrl = options.databaseUrl ?? requireEnv(testEnv.databaseUrl);
  const orm = await createOrm({ databaseUrl, poolMax: 10 });
  const workerOrm = options.workerDatabaseUrl
    ? await createOrm({ databaseUrl: options.workerDatabaseUrl, poolMax: 10 })
    : orm;
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

  const simulatorServer = createServer();
  const simulatorUrl = await listen(simulatorServer);
  const simulator = createSslcommerzSimulator({
    publicUrl: simulatorUrl,
    stores: [STORE],
    now: options.simulatorClock,
  });
  simulatorServer.on('request', simulator.callback());

  const apiServer = createApiServer();
  const apiUrl = await listen(apiServer);
  const gatewaySimulators = await startGatewaySimulators(apiUrl, { now: options.simulatorClock });
  const gatewayAddresses = { ...gatewaySimulators.addresses, ...options.gatewayAddresses };

  const config: Config = configSchema.parse({
    // The tests run the development stack: http addresses, an open /metrics (platform/config/deployment.ts).
    OI_PAYMENTS_STACK: 'development',
    PUBLIC_URL: apiUrl,
    CREDENTIAL_PEPPER: TEST_PEPPER,
    SEALING_KEYS: TEST_SEALING_KEYS,
    SSLCOMMERZ_SANDBOX_URL: simulatorUrl,
    SSLCOMMERZ_TEST_STORE_ID: STORE.storeId,
    SSLCOMMERZ_TEST_STORE_PASSWORD: STORE.storePassword,
    TEMPORAL_ADDRESS: requireEnv(testEnv.temporalAddress),
    TEMPORAL_TASK_QUEUE: `test-${randomToken(10)}`,
    // The tests' webhook receivers listen on 127.0.0.1.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    // Every suite calls from 127.0.0.1 into one database; the limits have a suite of their own.
    RATE_LIMIT_IPN_PER_MINUTE: '0',
    RATE_LIMIT_CHECKOUT_PER_MINUTE: '0',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '0',
    // Suites' apps are limited only where a test sets a limit (test/integration/apps/app-rate-limits.test.ts).
    RATE_LIMIT_APP_PER_MINUTE: '0',
    // Operators sign in with a password alone unless a test enrols a second factor.
    OPERATOR_SECOND_FACTOR: 'optional',
    // One operator clears a TEST day's exceptions alone, whatever the amount; the second operator
    // on adjustments has a suite of its own (test/integration/reconciliation/reconciliation-two-person.test.ts).
    RECON_TEST_ROUNDING_TOLERANCE_MINOR: 'off',
    ...options.configOverrides,
  });
  const keyring = keyringFromConfig(config);
  // Apps use bKash, Nagad and Stripe only with credentials of their own (configured per test
  // through the admin API): every other app keeps SSLCOMMERZ alone, as the service's default.
  // The API and the worker each have their own registry and settings watch, as their processes do.
  const settingsWatches: Array<ReturnType<typeof watchAppGatewayChanges>> = [];
  // Gateway health and the session-opening breakers are the deployment's, not an app's: a suite
  // starts with every gateway healthy, whatever outage, maintenance window or run of failed
  // openings an earlier suite on this database left behind.
  if (!options.freshDatabase)
    await orm.em
      .fork()
      .getConnection()
      .execute(
        'truncate gateway_health_changes, gateway_health, gateway_maintenance_windows, gateway_call_minutes, gateway_breakers',
      );
  // Both processes' gateway call outcomes, written per gateway, mode and minute as a process does.
  const tally = createCallTally();
  const callMinutes = startCallMinuteWriter(orm, tally, config.GATEWAY_CALLS_FLUSH_SECONDS * 1000);
  const registryOn = (registryOrm: typeof orm, url: string, label: string): GatewayRegistry => {
    const registry = createGatewayRegistry(config, {
      env: gatewayAddresses,
      tally,
      loadGatewaySettings: gatewaySettingsOfAppsLoader(registryOrm, keyring),
      loadSettings: appGatewaySettingsLoader(registryOrm, keyring),
      settingsVersion: appGatewaySettingsVersionReader(registryOrm),
      receipts: receiptBook(registryOrm),
    });
    settingsWatches.push(
      watchAppGatewayChanges(url, label, {
        changed: (appId, mode) => registry.invalidate(appId, mode),
        unknown: () => registry.invalidateAll(),
      }),
    );
    return registry;
  };
  // The company's disbursement accounts in TEST are the simulated ones; each process has its own clients.
  const payoutRailEnvironment = {
    ...gatewaySimulators.payoutEnvironment,
    ...options.gatewayAddresses,
    ...options.payoutRailEnvironment,
  };
  const payoutRails = createPayoutRailRegistry(payoutRailEnvironment);
  const workerPayoutRails = createPayoutRailRegistry(payoutRailEnvironment);
  const gateways = registryOn(orm, databaseUrl, 'test api');
  const workerGateways = registryOn(workerOrm, options.workerDatabaseUrl ?? databaseUrl, 'test worker');
  await Promise.all(settingsWatches.map((watch) => watch.listening));
  const ownConnection = options.temporal
    ? null
    : await Connection.connect({ address: config.TEMPORAL_ADDRESS! });
  const client =
    options.temporal?.client ??
    new Client({
      connection: ownConnection!,
      namespace: config.TEMPORAL_NAMESPACE,
      interceptors: clientInterceptors(),
    });
  const deps = {
    config,
    orm,
    keyring,
    gateways,
    payoutRails,
    orchestrator: createOrchestrator(client, config.TEMPORAL_TASK_QUEUE, reconciliationPolicyOf(config)),
    logger,
    requestLog: createRequestLogWriter({ orm, logger }),
    clock: options.clock,
    eventStreams: createEventStreamHub(),
    readiness: apiReadiness({ orm, temporal: client.connection, timeoutMs: config.PROBE_TIMEOUT_MS }),
  };
  const app = createApp(deps);
  apiServer.on('request', app.callback());

  let worker: Worker | null = null;
  let workerRun: Promise<void> | null = null;
  let nativeConnection: NativeConnection | null = null;
  /**
   * Starts the worker; `reconciliation` stands for the deployment's reconciliation settings as a
   * worker restarted with other RECON_* values would read them.
   */
  const startWorker = async (settings: { reconciliation?: ReconciliationPolicy } = {}) => {
    // The worker's modules (Temporal's native worker, every activity) load with the first worker:
    // a suite that starts its stack with `worker: false` and never starts one does not pay for them.
    const [{ NativeConnection }, { createWorker }, { quietTemporalRuntime }] = await Promise.all([
      import('@temporalio/worker'),
      import('../../worker/create-worker.js'),
      import('./quiet-temporal-runtime.js'),
    ]);
    quietTemporalRuntime();
    nativeConnection ??=
      options.temporal?.nativeConnection ??
      (await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS! }));
    worker = await createWorker({
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      deps: {
        orm: workerOrm,
        gateways: workerGateways,
        payoutRails: workerPayoutRails,
        payoutTimings: payoutTimingsOf(config),
        payoutDailyCeilingMinor: config.PAYOUT_DAILY_CEILING_MINOR,
        healthPolicy: healthPolicyOf(config),
        publicUrl: config.PUBLIC_URL,
        refundApprovalWindowMs: config.REFUND_APPROVAL_WINDOW_HOURS * 3_600_000,
        companyTimeZone: config.COMPANY_TIME_ZONE,
        keyring,
        timeoutMs: 5_000,
        temporal: {
          client,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          policy: settings.reconciliation ?? reconciliationPolicyOf(config),
        },
        webhookNetwork: { allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS },
        mail: { smtpUrl: config.SMTP_URL ?? null, from: config.EMAIL_FROM },
        reportSftpPrivateKey: config.REPORT_SFTP_PRIVATE_KEY_FILE
          ? readFileSync(config.REPORT_SFTP_PRIVATE_KEY_FILE, 'utf8')
          : null,
        uploads: { area: uploadAreaOf(config), columns: config.SETTLEMENT_REPORT_COLUMNS },
        // The deployment's own Stripe account in TEST is the simulated one: its payouts are imported.
        stripeSettlementEnv: {
          ...gatewayAddresses,
          STRIPE_TEST_SECRET_KEY: gatewaySimulators.credentials.stripe.secretKey!,
        },
      },
      workflowBundle: { codePath: requireEnv(testEnv.workflowBundle) },
      overrideActivities: options.overrideActivities,
      tracing,
    });
    workerRun = worker.run();
  };
  const stopWorker = async () => {
    worker?.shutdown();
    await workerRun;
    worker = null;
    workerRun = null;
  };
  if (options.worker !== false) await startWorker();

  const api = async <T = any>(
    method: string,
    path: string,
    init: { creds?: Credentials; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.creds) {
      headers['x-api-key'] = init.creds.key;
      headers['x-api-secret'] = init.creds.secret;
    }
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${apiUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (HTML pages)
    }
    // Every app-API answer a suite receives is one a client generated from the document can read.
    assertDocumentedAnswer(method, path, response.status, response.headers.get('content-type'), parsed);
    return { status: response.status, headers: response.headers, body: parsed as T };
  };

  const simulatorCall = async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${simulatorUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };

  const em = () => orm.em.fork() as EntityManager;

  return {
    orm,
    /** The API's gateway registry. */
    gateways,
    /** The worker's own gateway registry (settings cached apart from the API's). */
    workerGateways,
    /** Writes the gateway call outcomes counted so far (also done every GATEWAY_CALLS_FLUSH_SECONDS). */
    callMinutes,
    deps,
    em,
    config,
    /** Seals and opens as the API and the worker do (SEALING_KEYS of this run). */
    keyring,
    client,
    apiUrl,
    simulatorUrl,
    simulator,
    gatewaySimulators,
    api,
    simulatorCall,
    startWorker,
    stopWorker,
    /** Activities and workflow activations the stack's worker is running now (0 without a worker). */
    workerInFlight(): number {
      if (!worker) return 0;
      const status = worker.getStatus();
      return status.numInFlightActivities + status.numInFlightWorkflowActivations;
    },
    async registerApp(
      name = `app-${randomToken(6)}`,
    ): Promise<RegisteredApp & { test: Credentials; live: Credentials }> {
      const registered = await registerApp(em(), { name, displayName: `${name} Store` }, TEST_PEPPER);
      return {
        ...registered,
        test: { key: registered.credentials.TEST.apiKey, secret: registered.credentials.TEST.secret },
        live: { key: registered.credentials.LIVE.apiKey, secret: registered.credentials.LIVE.secret },
      };
    },
    /** An operator with a known password, straight into the database (as the CLI does). */
    async createOperator(role: Role, email = `${role.toLowerCase()}-${randomToken(6)}@ops.example`) {
      const password = `pw-${randomToken(16)}`;
      const operator = await createOperator(em(), { email, password, role });
      return { id: operator.id, email, password, role };
    },
    /** Signs in and returns a client that carries the session cookie and the CSRF token. */
    async adminLogin(email: string, password: string) {
      const response = await api('POST', '/api/v1/admin/session', { body: { email, password } });
      if (response.status !== 201) throw new Error(`admin login failed: ${JSON.stringify(response.body)}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
      const session = { cookie, csrfToken: response.body.data.csrfToken as string };
      const call = <T = any>(
        method: string,
        path: string,
        init: { body?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
      ) =>
        api<T>(method, path, {
          body: init.body,
          headers: {
            cookie: session.cookie,
            ...(init.csrf !== false && method !== 'GET' && { 'x-csrf-token': session.csrfToken }),
            ...init.headers,
          },
        });
      return {
        ...session,
        call,
        stepUp: () => call('POST', '/api/v1/admin/session/step-up', { body: { password } }),
      };
    },
    async setWebhook(appId: number, url: string, mode: 'TEST' | 'LIVE' = 'TEST') {
      return setWebhookEndpoint(em(), { appId, mode, url }, keyring);
    },
    async createPayment(creds: Credentials, overrides: Record<string, unknown> = {}) {
      const response = await api('POST', '/api/v1/payments', {
        creds,
        body: { amountMinor: 10000, customerReference: 'cust_1', productName: 'Pro plan', ...overrides },
      });
      if (response.status !== 201) throw new Error(`create payment failed: ${JSON.stringify(response.body)}`);
      return response.body.data as { id: number; reference: string; checkoutUrl: string; status: string };
    },
    /**
     * Customer clicks Pay on our checkout page; returns the gateway page URL. A page that says the
     * service is busy (503: the click's interactive deadline passed, as it can on a loaded
     * machine) is clicked again, as its customer is asked to.
     */
    async openCheckout(reference: string): Promise<string> {
      const clicked = async () => {
        const response = await api('POST', `/checkout/${reference}/pay`);
        return response.status === 503 ? null : response;
      };
      const response = await eventually(clicked, 20_000, `the checkout of ${reference} to open`);
      if (response.status !== 302 && response.status !== 303) {
        throw new Error(`open checkout failed: ${response.status} ${String(response.body).slice(0, 500)}`);
      }
      return response.headers.get('location')!;
    },
    /** The customer finishes on the simulator's page; the simulator sends its IPN(s). */
    async completeAtGateway(reference: string, outcome: string, cardType?: string) {
      const session = await simulatorCall<{ sessionkey: string }>(
        'GET',
        `/__simulator/sessions/by-tran-id/${reference}`,
      );
      return simulatorCall<{
        tranId: string;
        valId: string | null;
        ipn: Array<{ status: number | null }>;
        redirect: { url: string; fields: Record<string, string> };
      }>('POST', `/__simulator/sessions/${session.sessionkey}/complete`, { outcome, cardType });
    },
    async setFaults(faults: Record<string, unknown>, tranId?: string) {
      await simulatorCall('PUT', '/__simulator/faults', { tranId, faults });
    },
    /** Takes a gateway API away, e.g. `{ validation: { forMs: 1_800_000 } }`; null brings it back. */
    async setOutages(outages: Record<string, { forMs: number } | null>) {
      await simulatorCall('PUT', '/__simulator/outages', outages);
    },
    async readPayment(creds: Credentials, reference: string) {
      return (await api('GET', `/api/v1/payments/${reference}`, { creds })).body.data;
    },
    /** A payment (as createPayment makes it) that the gateway has confirmed paid: SUCCEEDED. */
    async paidPayment(creds: Credentials, overrides: Record<string, unknown> = {}) {
      const payment = await this.createPayment(creds, overrides);
      await this.openCheckout(payment.reference);
      await this.completeAtGateway(payment.reference, 'VALID');
      await eventually(
        async () => (await this.readPayment(creds, payment.reference)).status === 'SUCCEEDED',
        20_000,
        `${payment.reference} SUCCEEDED`,
      );
      return payment;
    },
    async close() {
      await stopWorker();
      if (!options.temporal) {
        await nativeConnection?.close();
        await ownConnection?.close();
      }
      deps.eventStreams.closeAll();
      await new Promise<void>((resolve) => apiServer.close(() => resolve()));
      await deps.requestLog.close();
      await new Promise<void>((resolve) => simulatorServer.close(() => resolve()));
      await gatewaySimulators.close();
      await Promise.all(settingsWatches.map((watch) => watch.close()));
      await callMinutes.close();
      await orm.close();
      await tracing?.shutdown();
      if (workerOrm !== orm) await workerOrm.close();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** Re-exported: most stack suites poll with it. */
export { eventually };
