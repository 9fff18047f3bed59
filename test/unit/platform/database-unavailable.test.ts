import { createServer, type AddressInfo } from 'node:net';
import { ConnectionException, DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { Client } from 'pg';
import { isDatabaseUnavailable } from '../../../platform/orm/unavailable.js';

/** What the driver says when nothing listens where the database should be. */
async function refusedConnectionError(): Promise<unknown> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const client = new Client({ host: '127.0.0.1', port, user: 'nobody', database: 'none' });
  return client.connect().then(
    () => new Error('connected to a closed port'),
    (error: unknown) => error,
  );
}

describe('isDatabaseUnavailable', () => {
  it('knows a refused connection, raw and as the ORM wraps it', async () => {
    const refused = await refusedConnectionError();
    expect((refused as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new DriverException(refused as Error))).toBe(true);
    expect(isDatabaseUnavailable(new Error('query failed', { cause: refused }))).toBe(true);
  });

  it('knows a server shutting down or starting up, a connection exception and a lost or exhausted pool', () => {
    const withCode = (code: string) => Object.assign(new Error('server says no'), { code });
    for (const code of ['57P01', '57P03', '08006', '08001', '53300', 'ECONNRESET']) {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    }
    expect(isDatabaseUnavailable(new ConnectionException(new Error('gone')))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('Knex: Timeout acquiring a connection. The pool is probably full.')),
    ).toBe(true);
  });

  it('leaves a query the database refused, and anything else, to be a fault of its own', () => {
    const duplicate = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
    });
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(new UniqueConstraintViolationException(duplicate))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax'), { code: '42601' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
