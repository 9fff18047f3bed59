import type { Credentials, Stack } from '../../helpers/stack.js';
import { startStackWithApp } from '../../helpers/suite-stacks.js';

/**
 * An app's order id on its payments, against real PostgreSQL: an order is paid at most once; a
 * failed, cancelled or expired attempt frees it for the next one; a repeated request under its
 * Idempotency-Key still answers with its own payment; lists filter by order.
 */
describe('payments for an order', () => {
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    ({ stack, creds } = await startStackWithApp());
  });
  afterAll(() => stack.close());

  const create = (orderId: string, headers?: Record<string, string>) =>
    stack.api('POST', '/api/v1/payments', {
      creds,
      body: { amountMinor: 25000, customerReference: 'cust-order', orderId },
      ...(headers && { headers }),
    });

  it('refuses a second payment while the first is open, names it, and frees the order once it is cancelled', async () => {
    const orderId = `ord-${Date.now()}`;
    const first = await create(orderId);
    expect(first.status).toBe(201);
    expect(first.body.data.orderId).toBe(orderId);

    const second = await create(orderId);
    expect(second.status).toBe(409);
    expect(second.body.meta.errorCode).toBe('DUPLICATE_ORDER');
    expect(second.body.meta.details).toMatchObject({
      orderId,
      reference: first.body.data.reference,
      status: 'CREATED',
    });

    await stack.api('POST', `/checkout/${first.body.data.reference}/cancel`);
    const afterCancel = await create(orderId);
    expect(afterCancel.status).toBe(201);

    const listed = await stack.api('GET', `/api/v1/payments?orderId=${orderId}`, { creds });
    expect(listed.body.data.items.map((p: { reference: string }) => p.reference).sort()).toEqual(
      [first.body.data.reference, afterCancel.body.data.reference].sort(),
    );
  });

  it('refuses a new payment for a paid order, whoever races for it', async () => {
    const orderId = `ord-paid-${Date.now()}`;
    const paid = await stack.paidPayment(creds, { orderId });
    const raced = await Promise.all(Array.from({ length: 5 }, () => create(orderId)));
    expect(raced.map((r) => r.status)).toEqual([409, 409, 409, 409, 409]);
    expect(raced[0]!.body.meta.details).toMatchObject({ reference: paid.reference, status: 'SUCCEEDED' });
  }, 60_000);

  it('answers a repeated request with its own payment, and admits one of several racing new ones', async () => {
    const orderId = `ord-race-${Date.now()}`;
    const key = { 'Idempotency-Key': `order-${orderId}` };
    const first = await create(orderId, key);
    const repeated = await create(orderId, key);
    expect(repeated.status).toBe(201);
    expect(repeated.body.data.reference).toBe(first.body.data.reference);

    const other = `ord-race2-${Date.now()}`;
    const racing = await Promise.all(Array.from({ length: 8 }, () => create(other)));
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    expect(racing.filter((r) => r.status === 409)).toHaveLength(7);
  });
});
