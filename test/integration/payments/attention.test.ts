import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { paymentFacts } from '../../helpers/queries.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

/**
 * The attention queue: a payment the gateway captured the wrong amount for is FAILED, flagged,
 * and its money parked as unapplied funds. Finance either sends that money back or applies it
 * to the app, with a note, after a step-up; neither moves money until a second FINANCE or ADMIN
 * operator approves it. Every step is audited and money moves only through the ledger.
 */
describe('attention queue', () => {
  let stack: Stack;
  let creds: Credentials;
  let appId: number;
  let finance: Session;
  /** The second pair of eyes. */
  let other: Session;
  let otherId: number;

  beforeAll(async () => {
    stack = await startStack();
    const app = await stack.registerApp();
    creds = app.test;
    appId = app.app.id;
    const operator = await stack.createOperator('FINANCE');
    finance = await stack.adminLogin(operator.email, operator.password);
    const second = await stack.createOperator('FINANCE');
    otherId = second.id;
    other = await stack.adminLogin(second.email, second.password);
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

  const applied = async (reference: string) =>
    (await ledgerLinesForSource(stack.em(), 'payment', reference)).filter(
      (l) => l.kind === 'UNAPPLIED_APPLIED',
    );
  const decide = (session: Session, reference: string, requestId: number, verb: string, comment?: string) =>
    session.call('POST', `/api/v1/admin/payments/${reference}/attention/requests/${requestId}/${verb}`, {
      body: comment ? { comment } : {},
    });
  const auditActions = async (reference: string) =>
    (await finance.call('GET', `/api/v1/admin/audit?targetId=${reference}`)).body.data.items.map(
      (e: { action: string }) => e.action,
    ) as string[];

  it('applies parked money to the app only once a second operator approves', async () => {
    const reference = await flaggedPayment();
    expect((await queue('OPEN')).find((i) => i.reference === reference)).toMatchObject({
      kind: 'AMOUNT_MISMATCH',
      status: 'FAILED',
      parkedMinor: 9900,
      parkedCurrency: 'BDT',
      resolution: null,
      applyRequest: null,
    });

    // Money is parked: it cannot just be acknowledged away.
    const refused = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'ACKNOWLEDGE', note: 'looked at it' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.meta.errorCode).toBe('ATTENTION_FUNDS_PARKED');

    // One operator alone only asks: nothing moves.
    const before = await payable();
    const asked = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'APPLY', note: 'customer confirmed the lower price' },
    });
    expect(asked.status).toBe(202);
    expect(asked.body.data).toMatchObject({
      resolution: null,
      applyRequest: {
        status: 'PENDING',
        amountMinor: 9900,
        currency: 'BDT',
        note: 'customer confirmed the lower price',
        proposedBy: expect.any(String),
        stale: false,
      },
    });
    const requestId = asked.body.data.applyRequest.id as number;
    // Asking again is the same request, not a second one.
    const again = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'APPLY', note: 'customer confirmed the lower price' },
    });
    expect(again.body.data.applyRequest.id).toBe(requestId);
    expect((await queue('OPEN')).find((i) => i.reference === reference)?.applyRequest).toMatchObject({
      id: requestId,
      status: 'PENDING',
    });

    const self = await decide(finance, reference, requestId, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    const notTheirs = await decide(other, reference, requestId, 'withdraw');
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.meta.errorCode).toBe('FORBIDDEN');
    expect(await payable()).toBe(before);
    expect(await applied(reference)).toEqual([]);

    expect((await other.stepUp()).status).toBe(200);
    const approved = await decide(other, reference, requestId, 'approve', 'matches the order');
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({
      resolution: 'APPLIED',
      note: 'customer confirmed the lower price',
      applyRequest: { status: 'APPROVED', decidedByOperatorId: otherId, comment: 'matches the order' },
    });
    expect(await payable()).toBe(before + 9900);
    expect(await applied(reference)).toEqual([
      { kind: 'UNAPPLIED_APPLIED', accountCode: 'unapplied_funds:TEST:BDT', amountMinor: 9900 },
      { kind: 'UNAPPLIED_APPLIED', accountCode: `app_payable:${appId}:TEST:BDT`, amountMinor: -9900 },
    ]);

    const twice = await decide(other, reference, requestId, 'approve');
    expect(twice.body.meta.errorCode).toBe('ATTENTION_REQUEST_NOT_PENDING');
    const closed = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'APPLY', note: 'twice' },
    });
    expect(closed.body.meta.errorCode).toBe('PAYMENT_NOT_FLAGGED');
    expect(await payable()).toBe(before + 9900);
    expect((await queue('RESOLVED')).map((i) => i.reference)).toContain(reference);
    expect(await auditActions(reference)).toEqual(
      expect.arrayContaining(['payment.attention_apply_requested', 'payment.attention_apply_approved']),
    );
  });

  it('refunds parked money only once a second operator approves the refund', async () => {
    const reference = await flaggedPayment();
    const before = await payable();
    const asked = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/refund`, {
      body: { note: 'wrong amount charged' },
    });
    expect(asked.status).toBe(202);
    expect(asked.body.data.parkedRefunds).toEqual([
      expect.objectContaining({
        status: 'PENDING_APPROVAL',
        amountMinor: 9900,
        reason: 'wrong amount charged',
        requestedBy: expect.any(String),
      }),
    ]);
    const refund = asked.body.data.parkedRefunds[0].reference as string;
    // While the refund waits the money cannot also be applied, nor the refund approved by its requester.
    const apply = await other.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'APPLY', note: 'changed my mind' },
    });
    expect(apply.body.meta.errorCode).toBe('ATTENTION_REFUND_IN_FLIGHT');
    expect((await finance.stepUp()).status).toBe(200);
    const self = await finance.call('POST', `/api/v1/admin/refunds/${refund}/approve`, { body: {} });
    expect(self.status).toBe(403);
    expect(self.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(await ledgerLinesForSource(stack.em(), 'refund', refund)).toEqual([]);

    expect((await other.stepUp()).status).toBe(200);
    const approved = await other.call('POST', `/api/v1/admin/refunds/${refund}/approve`, {
      body: { comment: 'send it back' },
    });
    expect(approved.status).toBe(200);
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
    expect(await auditActions(reference)).toContain('payment.attention_refund');
  });

  it('refuses a request gone stale, and lets its proposer withdraw one', async () => {
    const reference = await flaggedPayment();
    const asked = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'APPLY', note: 'keep it' },
    });
    const requestId = asked.body.data.applyRequest.id as number;
    const withdrawn = await decide(finance, reference, requestId, 'withdraw');
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.data.applyRequest).toMatchObject({ status: 'WITHDRAWN' });
    expect((await decide(other, reference, requestId, 'approve')).body.meta.errorCode).toBe(
      'ATTENTION_REQUEST_NOT_PENDING',
    );

    // Asked again; meanwhile the money goes back to the customer and the flag closes.
    const stale = await finance.call('POST', `/api/v1/admin/payments/${reference}/attention/resolve`, {
      body: { resolution: 'APPLY', note: 'keep it after all' },
    });
    const staleId = stale.body.data.applyRequest.id as number;
    const refund = (
      await other.call('POST', `/api/v1/admin/payments/${reference}/attention/refund`, {
        body: { note: 'customer asked for it back' },
      })
    ).body.data.parkedRefunds[0].reference as string;
    expect((await finance.stepUp()).status).toBe(200);
    expect((await finance.call('POST', `/api/v1/admin/refunds/${refund}/approve`, { body: {} })).status).toBe(
      200,
    );
    await eventually(
      async () =>
        (await finance.call('GET', `/api/v1/admin/payments/${reference}/attention`)).body.data.resolution ===
        'REFUNDED',
      30_000,
      'flag closed by the refund',
    );
    const item = (await finance.call('GET', `/api/v1/admin/payments/${reference}/attention`)).body.data;
    expect(item.applyRequest).toMatchObject({ id: staleId, status: 'PENDING', stale: true });
    expect((await other.stepUp()).status).toBe(200);
    const refused = await decide(other, reference, staleId, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.meta.errorCode).toBe('ATTENTION_REQUEST_STALE');
    expect(await applied(reference)).toEqual([]);
    // A stale request can still be rejected, closing it.
    const rejected = await decide(other, reference, staleId, 'reject', 'money already returned');
    expect(rejected.body.data.applyRequest).toMatchObject({ status: 'REJECTED' });
  });
});
