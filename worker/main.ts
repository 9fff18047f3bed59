import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/index.js';
import { keyringFromConfig } from '../config/sealing.js';
import { resolveDatabaseUrl } from '../db/database-url.js';
import { createOrm } from '../db/orm.js';
import { appGatewaySettingsLoader } from '../db/app-gateways.js';
import { receiptBook } from '../db/manual-receipts.js';
import { GATEWAY_SECRET_FIELDS, createGatewayRegistry } from '../gateways/registry.js';
import { createLogger } from '../config/logger.js';
import { connectClient } from '../temporal/connection.js';
import { temporalConnectionOptions } from '../temporal/connection-options.js';
import { ensureSweeperSchedule } from '../temporal/sweeper-schedule.js';
import { createWorker } from './create-worker.js';
import { prebuiltWorkflowBundle } from './workflow-bundle.js';
import { exitOnStartupFailure } from '../config/startup-failure.js';

/** `npm run start:worker`: runs workflows and activities until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const keyring = keyringFromConfig(config);
  const logger = createLogger(config.LOG_LEVEL, 'worker', GATEWAY_SECRET_FIELDS);
  // The SDK's own chatter (bundle statistics, state changes) only when asked for.
  Runtime.install({
    logger: new DefaultLogger(
      config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN',
    ),
  });
  const orm = await createOrm({ databaseUrl: resolveDatabaseUrl(config), poolMax: config.DATABASE_POOL_MAX });
  // One set of options (address, TLS, API key) for the worker's connection and its client's.
  const temporalOptions = temporalConnectionOptions(config);
  const connection = await NativeConnection.connect(temporalOptions);
  const client = await connectClient(temporalOptions, config.TEMPORAL_NAMESPACE);
  if (config.SWEEPER_INTERVAL_SECONDS > 0) {
    await ensureSweeperSchedule(client, config.TEMPORAL_TASK_QUEUE, config.SWEEPER_INTERVAL_SECONDS);
  }
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    workflowBundle: prebuiltWorkflowBundle(config.WORKFLOW_BUNDLE_PATH),
    deps: {
      orm,
      gateways: createGatewayRegistry(config, {
        loadSettings: appGatewaySettingsLoader(orm, keyring, (details, message) =>
          logger.warn(details, message),
        ),
        receipts: receiptBook(orm),
      }),
      publicUrl: config.PUBLIC_URL,
      keyring,
      temporal: { client, taskQueue: config.TEMPORAL_TASK_QUEUE },
      webhookNetwork: { allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS },
      mail: { smtpUrl: config.SMTP_URL ?? null, from: config.EMAIL_FROM },
    },
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
  await worker.run();
  await connection.close();
  await client.connection.close();
  await orm.close();
  logger.info('worker stopped');
}

main().catch(exitOnStartupFailure);
