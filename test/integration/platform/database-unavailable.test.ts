import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { startTcpProxy, throughProxy } from '../../helpers/tcp-proxy.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * The API loses its database: every request that needs it answers 503 SERVICE_UNAVAILABLE with
 * Retry-After, never a 500, and a create sent again with its Idempotency-Key once the database is
 * back makes one payment.
 */
describe('the API without its database', () => {
  let stack: Stack;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;

  beforeAll(async () => {
    const databaseUrl = requireEnv(testEnv.databaseUrl);
    const target = new URL(databaseUrl);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    stack = await startStack({ databaseUrl: throughProxy(databaseUrl, proxy.port), worker: false });
  });
  afterAll(async () => {
    proxy?.restore();
    await stack?.close();
    await proxy?.close();
  });

  it('answers 503 with Retry-After to apps and operators, and takes the same create once it is back', async () => {
    const app = await stack.registerApp();
    const operator = await stack.createOperator('FINANCE');
    const finance = await stack.adminLogin(operator.email, operator.password);
    const create = () =>
      stack.api('POST', '/api/v1/payments', {
        creds: app.test,
        body: { amountMinor: 12_345, customerReference: 'cust_outage', productName: 'Outage plan' },
        headers: { 'Idempotency-Key': 'outage-create-1' },
      });

    proxy.cut();
    try {
      for (const answer of [
        await create(),
        await stack.api('GET', '/api/v1/payments?size=5', { creds: app.test }),
        await finance.call('GET', '/api/v1/admin/refunds?status=PENDING_APPROVAL'),
      ]) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('5');
        expect(answer.body.meta).toMatchObject({ success: false, errorCode: 'SERVICE_UNAVAILABLE' });
      }
    } finally {
      proxy.restore();
    }

    const created = await eventually(
      async () => {
        const answer = await create();
        return answer.status === 201 ? answer : null;
      },
      30_000,
      'the create taken once the database is back',
    );
    const again = await create();
    expect(again.status).toBe(201);
    expect(again.body.data.reference).toBe(created.body.data.reference);
    const [row] = await stack
      .em()
      .execute<Array<{ n: string }>>(`select count(*) as n from payments where app_id = ?`, [app.app.id]);
    expect(Number(row!.n)).toBe(1);
  });
});
