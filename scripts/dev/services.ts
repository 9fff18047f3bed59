import path from 'node:path';
import type { ProcessSupervisor } from './processes.js';
import { tsxArgs } from './tsx.js';
import { waitFor } from './wait.js';

const ROOT = path.resolve(__dirname, '..', '..');

export interface Service {
  name: string;
  /** Entry point, relative to the project root. */
  entry: string;
  ready: () => Promise<boolean>;
}

/** Starts the services together (each a tsx process) and resolves once every one is ready. */
export async function startServices(
  processes: ProcessSupervisor,
  services: Service[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const started = services.map((service) => ({
    service,
    managed: processes.start(service.name, process.execPath, tsxArgs(path.join(ROOT, service.entry)), env),
  }));
  // The worker bundles the workflow code before it polls, which takes a while on a cold machine.
  await Promise.all(
    started.map(({ service, managed }) =>
      waitFor(service.name, service.ready, { process: managed, timeoutMs: 180_000 }),
    ),
  );
}
