import { ledgerLinesForSource } from '../../db/ledger.js';
import { paymentFacts } from '../helpers/queries.js';
import { eventually, startStack, type Credentials, type Stack } from '../helpers/stack.js';

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

/**
 * The attention queue: a payment the gateway captured the wrong amount for is FAILED, flagged,
 * and its money parked as unapplied funds. Finance either sends that money back or applies it
 * to the app, with a note, after a step-up; every action is audited and goes through the ledger.
 */
describe('attention queue', () => {
  let stack: Stack;
  let creds: Credentials;
  let appId: number;
  let finance: Session;

  beforeAll(async () => {
    stack = await startStack();
    const app = await stack.registerApp();
    creds = app.test;
    appId = app.app.id;
    const operator = await stack.createOperator('FINANCE');
    finance = await stack.adminLogin(operator.email, operator.password);
  });
  afterAll(() => stack.close());

  /** A payment whose gateway captured 100 less than asked: FAILED, flagged, 9,900 parked. */
  async function flaggedPayment() {
    const payment = await stack.createPayment(creds);
    await stack.openCheckout(payment.reference);
    await stack.setFaults({ amountDeltaMinor: -100 }, payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID');
    await eventually(
      async () => (await paymentFacts(stack.em(), payment.reference)).attentionReason,
      20_000,
      'attention flag',
    );
    return payment.reference;
  }

  const queue = async (state: 'OPEN' | 'RESOLVED') =>
    (await finance.call('GET', `/api/v1/admin/attention?appId=${appId}&state=${state}`)).body.data
      .items as Array<{
      reference: string;
      [key: string]: unknown;
    }>;
  const payable = async () =>
    (await stack.api('GET', '/api/v1/ledger/balance', { creds })).body.data.balances[0]?.payableMinor ?? 0;

  it('applies parked money to the app, once, and refuses to acknowledge it away', async () => {
    const reference = await flaggedPayment();
    expect((await queue('OPEN')).find((i) => i.reference === reference)).toMatchObject({
      kind: 'AMOUNT_MISMATCH',
      status: 'FAILED',
      parkedMinor: 9900,
      parkedCurrency: 'BDT',
      resolution: null,
    });

    // Money is parked: it cannot just be acknowledged away.
    const refused = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'ACKNOWLEDGE', note: 'looked at it' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.meta.errorCode).toBe('ATTENTION_FUNDS_PARKED');

    const before = await payable();
    const applied = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'APPLY', note: 'customer confirmed the lower price' },
    });
    expect(applied.status).toBe(200);
    expect(applied.body.data).toMatchObject({
      resolution: 'APPLIED',
      note: 'customer confirmed the lower price',
    });
    expect(await payable()).toBe(before + 9900);
    expect(
      (await ledgerLinesForSource(stack.em(), 'payment', reference)).filter(
        (l) => l.kind === 'UNAPPLIED_APPLIED',
      ),
    ).toEqual([
      { kind: 'UNAPPLIED_APPLIED', accountCode: 'unapplied_funds:TEST:BDT', amountMinor: 9900 },
      { kind: 'UNAPPLIED_APPLIED', accountCode: `app_payable:${appId}:TEST:BDT`, amountMinor: -9900 },
    ]);

    const again = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'APPLY', note: 'twice' },
    });
    expect(again.body.meta.errorCode).toBe('PAYMENT_NOT_FLAGGED');
    expect(await payable()).toBe(before + 9900);
    expect((await queue('RESOLVED')).map((i) => i.reference)).toContain(reference);

    const audit = await finance.call('GET', `/api/v1/admin/audit?targetId=${reference}`);
    expect(audit.body.data.items.map((e: { action: string }) => e.action)).toContain(
      'payment.attention_resolved',
    );
  });

  it('refunds parked money through a refund workflow, closing the flag when it is back', async () => {
    const reference = await flaggedPayment();
    const before = await payable();
    const refunded = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/refund`, {
      body: { note: 'wrong amount charged' },
    });
    expect(refunded.status).toBe(200);
    expect(refunded.body.data.parkedRefunds).toEqual([
      expect.objectContaining({ status: 'PROCESSING', amountMinor: 9900, reason: 'wrong amount charged' }),
    ]);
    // While the refund is on its way the money cannot also be applied.
    const apply = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'APPLY', note: 'changed my mind' },
    });
    expect(apply.body.meta.errorCode).toBe('ATTENTION_REFUND_IN_FLIGHT');

    const resolved = await eventually(
      async () => {
        const item = (await finance.call('GET', `/api/v1/admin/payments/${reference}/attention`)).body.data;
        return item.resolution === 'REFUNDED' ? item : null;
      },
      30_000,
      'flag closed by the refund',
    );
    expect(resolved.parkedRefunds).toEqual([
      expect.objectContaining({ status: 'SUCCEEDED', amountMinor: 9900 }),
    ]);
    // The app's money is untouched: parked funds were never its own.
    expect(await payable()).toBe(before);
    const refund = resolved.parkedRefunds[0].reference as string;
    expect(
      (await ledgerLinesForSource(stack.em(), 'refund', refund)).map((l) => [
        l.kind,
        l.accountCode,
        l.amountMinor,
      ]),
    ).toEqual([
      ['UNAPPLIED_REFUND', 'unapplied_funds:TEST:BDT', 9900],
      ['UNAPPLIED_REFUND', 'gateway_clearing:sslcommerz:TEST:BDT', -9900],
    ]);
    // The app sees the refund too, with where its money came from.
    const read = await stack.api('GET', `/api/v1/refunds/${refund}`, { creds });
    expect(read.body.data).toMatchObject({
      status: 'SUCCEEDED',
      funds: 'UNAPPLIED',
      paymentReference: reference,
    });
  });
});
