import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../platform/config/index.js';
import { keyringFromConfig } from '../../platform/sealing/sealing.js';
import { createOrm } from '../../platform/orm/orm.js';
import {
  appGatewaySettingsLoader,
  gatewaySettingsOfAppsLoader,
  appGatewaySettingsVersionReader,
} from '../../db/apps/app-gateways.js';
import { receiptBook } from '../../db/payments/manual-receipts.js';
import { createGatewayRegistry } from '../../gateways/registry.js';
import { createWorker } from '../../worker/create-worker.js';

/**
 * A worker process that kills itself with SIGKILL at one point, right after a step's transaction
 * committed and before Temporal hears that the step finished: a payment's settlement (the
 * default), with CRASH_AT=refund-finished a refund's outcome, or with CRASH_AT=recon-matched a
 * settlement day's matching (its matches posted). Tests start it, let it die
 * there, then start the real worker and check nothing was lost or done twice.
 */
async function main(): Promise<void> {
  // Its core's own warnings (slow workflow tasks on a busy machine) are not what its tests watch.
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
  const config = loadConfig();
  const keyring = keyringFromConfig(config);
  const orm = await createOrm({ databaseUrl: config.DATABASE_URL!, poolMax: 5 });
  const address = config.TEMPORAL_ADDRESS!;
  const connection = await NativeConnection.connect({ address });
  const client = new Client({ connection: await Connection.connect({ address }) });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowBundle: { codePath: process.env.CRASHING_WORKER_BUNDLE! },
    deps: {
      orm,
      gateways: createGatewayRegistry(config, {
        loadGatewaySettings: gatewaySettingsOfAppsLoader(orm, keyring),
        loadSettings: appGatewaySettingsLoader(orm, keyring),
        settingsVersion: appGatewaySettingsVersionReader(orm),
        receipts: receiptBook(orm),
      }),
      publicUrl: config.PUBLIC_URL,
      keyring,
      temporal: { client, taskQueue: config.TEMPORAL_TASK_QUEUE },
      webhookNetwork: { allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS },
      mail: { smtpUrl: config.SMTP_URL ?? null, from: config.EMAIL_FROM },
    },
    overrideActivities: (real) =>
      process.env.CRASH_AT === 'recon-matched'
        ? {
            matchReconDay: async (input) => {
              await real.matchReconDay(input);
              process.kill(process.pid, 'SIGKILL');
              throw new Error('unreachable');
            },
          }
        : process.env.CRASH_AT === 'refund-finished'
          ? {
              finishRefund: async (input) => {
                await real.finishRefund(input);
                process.kill(process.pid, 'SIGKILL');
                throw new Error('unreachable');
              },
            }
          : {
              applyOutcome: async (input) => {
                const applied = await real.applyOutcome(input);
                if (applied.eventId) process.kill(process.pid, 'SIGKILL');
                return applied;
              },
            },
  });
  console.log('crashing worker ready');
  await worker.run();
}

void main();
