import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { tracingActive } from '../telemetry/tracing.js';
import type { TemporalConnectionOptions } from './connection-options.js';

/**
 * One client per process; the API and scripts share this factory. With tracing on, what it
 * starts, updates and signals carries the caller's trace in the workflow's headers.
 */
export async function connectClient(options: TemporalConnectionOptions, namespace: string): Promise<Client> {
  const connection = await Connection.connect(options);
  return new Client({ connection, namespace, interceptors: clientInterceptors() });
}

export function clientInterceptors() {
  return tracingActive() ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : {};
}
