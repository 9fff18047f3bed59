import { Client, Connection } from '@temporalio/client';

/** One client per process; the API and scripts share this factory. */
export async function connectClient(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}
