import { pruneRejectedCallbacks } from '../../../db/payments/pruning.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Forged callbacks naming a real payment cost one row per payment and reason, however many
 * arrive, and those rows are pruned once they stop; the genuine callback that follows them is
 * still checked and settles the payment. Real API, worker, database and SSLCOMMERZ simulator.
 */
describe('forged callbacks', () => {
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    stack = await startStack();
    creds = (await stack.registerApp()).test;
  });
  afterAll(() => stack.close());

  const FORGED = 60;

  /** An IPN for `reference` whose hash no store password made; each one's body differs. */
  const forgeIpn = (reference: string, i: number) =>
    stack.api('POST', '/api/v1/gateways/sslcommerz/ipn', {
      rawBody: new URLSearchParams({
        tran_id: reference,
        status: 'VALID',
        val_id: `forged-${i}`,
        amount: '100.00',
        currency: 'BDT',
        verify_key: 'amount,currency,status,tran_id,val_id',
        verify_sign: `0123456789abcdef${i}`,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

  const stored = (reference: string) =>
    stack.em().execute<
      Array<{
        outcome: string | null;
        signature_valid: boolean;
        times_received: number;
        received_at: Date;
        last_received_at: Date;
      }>
    >(
      `select outcome, signature_valid, times_received, received_at, last_received_at
         from gateway_callbacks where reference = ? order by id`,
      [reference],
    );

  it('stores 60 forged IPNs as one row counting 60, and the real one after them still settles the payment', async () => {
    const payment = await stack.createPayment(creds);
    await stack.openCheckout(payment.reference);

    for (let i = 0; i < FORGED; i++) {
      const answer = await forgeIpn(payment.reference, i);
      expect(answer.status).toBe(400);
      expect(answer.body.meta.errorCode).toBe('CALLBACK_REJECTED');
    }
    const rejected = await stored(payment.reference);
    expect(rejected).toEqual([
      expect.objectContaining({ outcome: 'REJECTED', signature_valid: false, times_received: FORGED }),
    ]);
    expect(new Date(rejected[0]!.last_received_at).getTime()).toBeGreaterThan(
      new Date(rejected[0]!.received_at).getTime(),
    );

    await stack.completeAtGateway(payment.reference, 'VALID');
    await eventually(
      async () => (await stack.readPayment(creds, payment.reference)).status === 'SUCCEEDED',
      20_000,
      `${payment.reference} SUCCEEDED`,
    );
    const after = await stored(payment.reference);
    expect(after).toEqual([
      expect.objectContaining({ outcome: 'REJECTED', times_received: FORGED }),
      expect.objectContaining({ outcome: 'SUCCEEDED', signature_valid: true, times_received: 1 }),
    ]);
  });

  it('prunes refused callbacks that stopped arriving, and keeps fresh ones and every judged one', async () => {
    const old = await stack.paidPayment(creds);
    await forgeIpn(old.reference, 0);
    const fresh = await stack.createPayment(creds);
    await stack.openCheckout(fresh.reference);
    await forgeIpn(fresh.reference, 0);
    await stack.em().execute(
      `update gateway_callbacks set received_at = now() - interval '40 days',
                last_received_at = now() - interval '31 days'
          where reference = ?`,
      [old.reference],
    );

    const pruned = await pruneRejectedCallbacks(stack.em(), {
      before: new Date(Date.now() - 30 * 86_400_000),
      limit: 100,
    });
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect((await stored(old.reference)).map((row) => row.outcome)).toEqual(['SUCCEEDED']);
    expect((await stored(fresh.reference)).map((row) => row.outcome)).toEqual(['REJECTED']);
  });
});
