import { readFileSync } from 'node:fs';
import {
  DefaultLogger,
  GracefulShutdownPeriodExpiredError,
  NativeConnection,
  Runtime,
} from '@temporalio/worker';
import { reconciliationPolicyOf, uploadAreaOf } from '../platform/config/index.js';
import { loadStartupConfig } from '../platform/config/startup.js';
import { sweepStaleUploadFolders } from '../activities/uploads/upload-sweep.js';
import { resolveDatabaseUrl } from '../platform/orm/database-url.js';
import { createOrm } from '../platform/orm/orm.js';
import { warnWhenAuditLogWritable } from '../platform/orm/runtime-role-check.js';
import { refuseRetiredLegacyValues } from '../platform/sealing/legacy-sealing.js';
import {
  appGatewaySettingsLoader,
  gatewaySettingsOfAppsLoader,
  appGatewaySettingsVersionReader,
} from '../db/apps/app-gateways.js';
import { watchAppGatewayChanges } from '../db/apps/app-gateway-changes.js';
import { receiptBook } from '../db/payments/manual-receipts.js';
import { GATEWAY_SECRET_FIELDS, createGatewayRegistry } from '../gateways/registry.js';
import { payoutTimingsOf } from '../domain/payouts/payout-settings.js';
import { createLogger } from '../platform/config/logger.js';
import { connectClient } from '../platform/temporal/connection.js';
import { temporalConnectionOptions } from '../platform/temporal/connection-options.js';
import { assertSearchAttributes } from '../platform/temporal/search-attribute-check.js';
import { ensureSweeperSchedule } from '../activities/payments/sweeper-schedule.js';
import { ensureStripeSettlementSchedule } from '../activities/reconciliation/stripe-settlement-schedule.js';
import { ensureDisputeRecheckSchedule } from '../activities/disputes/dispute-recheck-schedule.js';
import { ensureLedgerVerifySchedule } from '../activities/ledger/ledger-verify-schedule.js';
import { ensurePayoutReturnsSchedule } from '../activities/payouts/payout-returns-schedule.js';
import { ensureGatewayHealthSchedule } from '../activities/gateway-health/health-schedule.js';
import { healthPolicyOf } from '../activities/gateway-health/health-policy.js';
import { createCallTally } from '../domain/gateway-health/call-tally.js';
import { startCallMinuteWriter } from '../db/gateway-health/call-minutes.js';
import { createWorker } from './create-worker.js';
import { prebuiltWorkflowBundle } from './workflow-bundle.js';
import { exitOnStartupFailure } from '../platform/config/startup-failure.js';
import { startTracing } from '../platform/telemetry/tracing.js';
import { isDevelopmentStack } from '../platform/config/deployment.js';
import { registerPoolGauge } from '../platform/orm/pool-metrics.js';
import {
  createWorkerMetrics,
  freeLocalPort,
  serveWorkerMetrics,
  workerMetricsListenPort,
} from './metrics.js';
import { workerReadiness } from './worker-readiness.js';

/**
 * The worker process (worker/main.ts starts it): runs workflows and activities until SIGINT/SIGTERM,
 * when Temporal's runtime stops the worker, which lets its activities finish within
 * SHUTDOWN_GRACE_SECONDS; then it closes its connections and exits 0.
 */
async function main(): Promise<void> {
  const { config, keyring } = loadStartupConfig();
  const tracing = startTracing('worker');
  const logger = createLogger(config.LOG_LEVEL, 'worker', GATEWAY_SECRET_FIELDS);
  // /metrics is private like the API's: with METRICS_TOKEN, or open on the development stack only.
  const metricsPort = workerMetricsListenPort(config.WORKER_METRICS_PORT);
  const servesMetrics =
    metricsPort !== null && (config.METRICS_TOKEN !== undefined || isDevelopmentStack(config));
  const corePort = servesMetrics ? await freeLocalPort() : null;
  // The SDK's own chatter (bundle statistics, state changes) only when asked for; its metrics on
  // a port of this host's loopback that only /metrics below reads.
  Runtime.install({
    logger: new DefaultLogger(
      config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN',
    ),
    ...(corePort && {
      telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${corePort}` } } },
    }),
  });
  const metrics = createWorkerMetrics();
  const databaseUrl = resolveDatabaseUrl(config);
  const orm = await createOrm({ databaseUrl, poolMax: config.DATABASE_POOL_MAX });
  await refuseRetiredLegacyValues(orm.em.fork(), config).catch(async (error: unknown) => {
    await orm.close();
    throw error;
  });
  await warnWhenAuditLogWritable(orm, isDevelopmentStack(config), (line) => logger.warn(line));
  const readiness = workerReadiness({
    orm,
    timeoutMs: config.PROBE_TIMEOUT_MS,
    temporalToleranceMs: config.WORKER_TEMPORAL_TOLERANCE_SECONDS * 1000,
    logger,
  });
  // The probes on the metrics port whenever it is set; /metrics itself only as said above.
  const metricsServer =
    metricsPort !== null
      ? await serveWorkerMetrics({
          port: metricsPort,
          portFile: config.LISTEN_PORT_FILE,
          host: config.BIND_HOST,
          metrics: corePort
            ? {
                token: config.METRICS_TOKEN ?? null,
                coreUrl: `http://127.0.0.1:${corePort}/metrics`,
                own: metrics,
              }
            : null,
          readiness,
          logger,
        })
      : null;
  // Gateway call outcomes per gateway, mode and minute, for gateway health (written every few seconds).
  const tally = createCallTally();
  const callMinutes = startCallMinuteWriter(orm, tally, config.GATEWAY_CALLS_FLUSH_SECONDS * 1000, (error) =>
    logger.warn({ error }, 'gateway call outcomes not written yet'),
  );
  const gateways = createGatewayRegistry(config, {
    tally,
    loadGatewaySettings: gatewaySettingsOfAppsLoader(orm, keyring),
    loadSettings: appGatewaySettingsLoader(orm, keyring, (details, message) => logger.warn(details, message)),
    settingsVersion: appGatewaySettingsVersionReader(orm),
    receipts: receiptBook(orm),
  });
  metrics.registry.registerMetric(gateways.calls);
  registerPoolGauge(metrics.registry, orm);
  // Every process caches settings: each hears of a change made through any of them at once.
  const settingsWatch = watchAppGatewayChanges(databaseUrl, 'worker', {
    changed: (appId, mode) => gateways.invalidate(appId, mode),
    unknown: () => gateways.invalidateAll(),
    warn: (details, message) => logger.warn(details, message),
  });
  // One set of options (address, TLS, API key) for the worker's connection and its client's.
  const temporalOptions = temporalConnectionOptions(config);
  const connection = await NativeConnection.connect(temporalOptions);
  const client = await connectClient(temporalOptions, config.TEMPORAL_NAMESPACE);
  // Workflows set search attributes as they run and start children that set them: checked first.
  await assertSearchAttributes(client.connection, config.TEMPORAL_NAMESPACE);
  if (config.SWEEPER_INTERVAL_SECONDS > 0) {
    await ensureSweeperSchedule(client, config.TEMPORAL_TASK_QUEUE, config.SWEEPER_INTERVAL_SECONDS);
  }
  await ensureStripeSettlementSchedule(client, config.TEMPORAL_TASK_QUEUE);
  if (config.DISPUTE_RECHECK_INTERVAL_SECONDS > 0) {
    await ensureDisputeRecheckSchedule(
      client,
      config.TEMPORAL_TASK_QUEUE,
      config.DISPUTE_RECHECK_INTERVAL_SECONDS,
    );
  }
  if (config.LEDGER_VERIFY_INTERVAL_SECONDS > 0) {
    await ensureLedgerVerifySchedule(
      client,
      config.TEMPORAL_TASK_QUEUE,
      config.LEDGER_VERIFY_INTERVAL_SECONDS,
    );
  }
  if (config.PAYOUT_RETURN_CHECK_INTERVAL_SECONDS > 0) {
    await ensurePayoutReturnsSchedule(
      client,
      config.TEMPORAL_TASK_QUEUE,
      config.PAYOUT_RETURN_CHECK_INTERVAL_SECONDS,
    );
  }
  if (config.GATEWAY_HEALTH_INTERVAL_SECONDS > 0) {
    await ensureGatewayHealthSchedule(
      client,
      config.TEMPORAL_TASK_QUEUE,
      config.GATEWAY_HEALTH_INTERVAL_SECONDS,
    );
  }
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    // Temporal's runtime calls shutdown() at SIGTERM: activities in flight get this long to finish.
    shutdownGraceSeconds: config.SHUTDOWN_GRACE_SECONDS,
    tracing,
    workflowBundle: prebuiltWorkflowBundle(config.WORKFLOW_BUNDLE_PATH),
    deps: {
      orm,
      gateways,
      publicUrl: config.PUBLIC_URL,
      payoutTimings: payoutTimingsOf(config),
      payoutDailyCeilingMinor: config.PAYOUT_DAILY_CEILING_MINOR,
      healthPolicy: healthPolicyOf(config),
      refundApprovalWindowMs: config.REFUND_APPROVAL_WINDOW_HOURS * 3_600_000,
      companyTimeZone: config.COMPANY_TIME_ZONE,
      keyring,
      temporal: { client, taskQueue: config.TEMPORAL_TASK_QUEUE, policy: reconciliationPolicyOf(config) },
      webhookNetwork: {
        allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
        allowedPrivateTargets: config.WEBHOOK_ALLOWED_PRIVATE_TARGETS,
      },
      webhookAttempts: metrics.webhookAttempts,
      eventRetentionDays: config.EVENT_RETENTION_DAYS,
      mail: { smtpUrl: config.SMTP_URL ?? null, from: config.EMAIL_FROM },
      reportSftpPrivateKey: config.REPORT_SFTP_PRIVATE_KEY_FILE
        ? readFileSync(config.REPORT_SFTP_PRIVATE_KEY_FILE, 'utf8')
        : null,
      uploads: { area: uploadAreaOf(config), columns: config.SETTLEMENT_REPORT_COLUMNS },
    },
  });
  // Upload folders a reader that died left behind.
  const swept = await sweepStaleUploadFolders(uploadAreaOf(config));
  if (swept > 0) logger.info({ swept }, 'stale upload folders removed');
  readiness.attach(worker, connection);
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
  // When the signal came: past the grace Temporal's runtime gives up on what is still held.
  let signalledAt: number | null = null;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      signalledAt ??= Date.now();
    });
  }
  let forced = false;
  await worker.run().catch((error: unknown) => {
    const pastGrace =
      signalledAt !== null && Date.now() - signalledAt >= config.SHUTDOWN_GRACE_SECONDS * 1000;
    if (!(error instanceof GracefulShutdownPeriodExpiredError) && !pastGrace) throw error;
    // What was still held (a workflow task waiting on a local activity that retries against a
    // dependency that is down) is Temporal's again once this worker is gone: it times out and is
    // retried on another worker. The process stops on time rather than at SIGKILL.
    forced = true;
    logger.warn(
      { graceSeconds: config.SHUTDOWN_GRACE_SECONDS, error: String(error) },
      'shutdown grace expired with tasks still held; Temporal retries them on another worker',
    );
  });
  const closing = async (what: string, close: () => Promise<unknown> | unknown) => {
    try {
      await close();
    } catch (error) {
      if (!forced) throw error;
      logger.warn({ error: String(error) }, `${what} not closed cleanly after the forced stop`);
    }
  };
  await closing('gateway call outcomes', () => callMinutes.close());
  await closing('settings watch', () => settingsWatch.close());
  await closing('Temporal worker connection', () => connection.close());
  await closing('Temporal client connection', () => client.connection.close());
  await closing('database pool', () => orm.close());
  await closing('tracing', () => tracing?.shutdown());
  metricsServer?.close();
  if (forced) {
    logger.info('worker stopped');
    // The native worker that was given up on may still hold handles: nothing else is left to do.
    process.exit(0);
  }
  logger.info('worker stopped');
}

main().catch(exitOnStartupFailure);
