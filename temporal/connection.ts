import { Client, Connection } from '@temporalio/client';
import type { TemporalConnectionOptions } from './connection-options.js';

/** One client per process; the API and scripts share this factory. */
export async function connectClient(options: TemporalConnectionOptions, namespace: string): Promise<Client> {
  const connection = await Connection.connect(options);
  return new Client({ connection, namespace });
}
