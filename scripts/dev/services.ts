import path from 'node:path';
import type { Connection } from '@temporalio/client';
import { httpOk, workerPolling } from './probes.js';
import type { ProcessSupervisor } from './processes.js';
import type { LauncherSettings } from './settings.js';
import { tsxArgs } from './tsx.js';
import { waitFor } from './wait.js';

const ROOT = path.resolve(__dirname, '..', '..');

export interface Service {
  name: string;
  /** Entry point, relative to the project root. */
  entry: string;
  ready: () => Promise<boolean>;
}

/** The service's own processes: the gateway simulator (unless a real gateway is configured), worker and API. */
export function serviceDefinitions(settings: LauncherSettings, temporal: Connection): Service[] {
  const { config, simulatorPort } = settings;
  const since = Date.now();
  const services: Service[] = [];
  if (simulatorPort !== null) {
    services.push({
      name: 'simulator',
      entry: 'gateways/sslcommerz/simulator/main.ts',
      ready: () => httpOk(`http://127.0.0.1:${simulatorPort}/__simulator/faults`),
    });
  }
  services.push(
    {
      name: 'worker',
      entry: 'worker/main.ts',
      ready: () =>
        workerPolling(temporal, {
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          since,
        }),
    },
    { name: 'api', entry: 'api/main.ts', ready: () => httpOk(`http://127.0.0.1:${config.PORT}/health`) },
  );
  return services;
}

/** Starts the services together (each a tsx process) and resolves once every one is ready. */
export async function startServices(
  processes: ProcessSupervisor,
  services: Service[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const started = services.map((service) => ({
    service,
    managed: processes.start(service.name, process.execPath, tsxArgs(path.join(ROOT, service.entry)), env, {
      restartOnCrash: true,
    }),
  }));
  // The worker bundles the workflow code before it polls, which takes a while on a cold machine.
  await Promise.all(
    started.map(({ service, managed }) =>
      waitFor(service.name, service.ready, { process: managed, timeoutMs: 180_000 }),
    ),
  );
}
