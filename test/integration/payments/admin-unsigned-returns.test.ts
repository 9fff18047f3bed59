import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * A browser return of a gateway that signs none (bKash, Nagad, Stripe's links) is stored as
 * passing our checks, but nobody signed it: the admin JSON API says so, as the dashboard does.
 */
describe('unsigned browser returns in the admin API', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack.close());

  it('reports an unsigned return as NOT_SIGNED with no signature to be valid; a signed IPN keeps its verdict', async () => {
    const { test: creds } = await stack.registerApp();
    const payment = await stack.createPayment(creds);
    const insert = (gateway: string, kind: string, key: string) =>
      stack.em().execute(
        `insert into gateway_callbacks (payment_id, reference, gateway, kind, gateway_status, signature_valid,
           payload, outcome, received_at, processed_at, dedupe_key)
         values (?, ?, ?, ?, 'success', true, '{}'::jsonb, 'UNCONFIRMED', now(), now(), ?)`,
        [payment.id, payment.reference, gateway, kind, `${payment.id}:${key}`],
      );
    await insert('bkash', 'REDIRECT', 'return:SUCCEEDED:session');
    await insert('sslcommerz', 'IPN', 'signed');

    const support = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(support.email, support.password);
    const detail = await session.call('GET', `/api/v1/admin/payments/${payment.reference}`);
    expect(detail.status).toBe(200);
    const callbacks = detail.body.data.gateway.callbacks as Array<Record<string, unknown>>;
    expect(callbacks).toEqual([
      expect.objectContaining({
        gateway: 'bkash',
        kind: 'REDIRECT',
        signature: 'NOT_SIGNED',
        signatureValid: null,
      }),
      expect.objectContaining({
        gateway: 'sslcommerz',
        kind: 'IPN',
        signature: 'VALID',
        signatureValid: true,
      }),
    ]);

    // The dashboard's page says the same of the same return.
    const page = String((await session.call('GET', `/admin/payments/${payment.reference}`)).body);
    expect(page).toMatch(/data-testid="callback-signature">\s*Not signed/i);
  });
});
