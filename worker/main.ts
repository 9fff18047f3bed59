import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../config/index.js';
import { resolveDatabaseUrl } from '../db/database-url.js';
import { createOrm } from '../db/orm.js';
import { createGatewayRegistry } from '../gateways/registry.js';
import { createLogger } from '../api/logger.js';
import { temporalConnectionOptions } from '../temporal/connection-options.js';
import { createWorker } from './create-worker.js';

/** `npm run start:worker`: runs workflows and activities until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'worker');
  // The SDK's own chatter (bundle statistics, state changes) only when asked for.
  Runtime.install({
    logger: new DefaultLogger(
      config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN',
    ),
  });
  const orm = await createOrm({ databaseUrl: resolveDatabaseUrl(config), poolMax: config.DATABASE_POOL_MAX });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    deps: {
      orm,
      gateways: createGatewayRegistry(config),
      publicUrl: config.PUBLIC_URL,
      pepper: config.CREDENTIAL_PEPPER,
      allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    },
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
  await worker.run();
  await connection.close();
  await orm.close();
  logger.info('worker stopped');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
