import { applyPayoutReturn } from '../../../activities/payouts/payout-returns.js';
import { verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { setPayoutRules } from '../../../db/payouts/payout-rules.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * The payout workflow's waits: the cancel window (the app cancels inside it; nothing is sent
 * before it ends) and approval by amount band under the app's payout rules, with the four-eyes rule.
 */

const CANCEL_WINDOW_SECONDS = 3;

describe('payout cancel window and approval', () => {
  let stack: Stack;
  let walletSeq = 0;
  type Session = Awaited<ReturnType<Stack['adminLogin']>>;
  let financeA: Session;
  let financeB: Session;

  const sim = <T = unknown>(method: string, route: string) =>
    stack.gatewaySimulators.control<T>('bkash-disbursement', method, route);
  const transfersFor = async (reference: string) =>
    (
      await sim<{ transfers: Array<{ merchantInvoiceNumber: string }> }>('GET', '/__simulator/transfers')
    ).transfers.filter((transfer) => transfer.merchantInvoiceNumber === reference);
  const create = (creds: Credentials, amountMinor: number) =>
    stack.api('POST', '/api/v1/payouts', {
      creds,
      body: {
        amountMinor,
        beneficiary: {
          type: 'BKASH_WALLET',
          walletNumber: `0181${String(1_000_000 + walletSeq++).slice(-7)}`,
        },
      },
    });
  const read = async (creds: Credentials, reference: string) =>
    (await stack.api('GET', `/api/v1/payouts/${reference}`, { creds })).body.data;
  const settles = (creds: Credentials, reference: string, status: string) =>
    eventually(
      async () => ((await read(creds, reference)).status === status ? true : null),
      20_000,
      `${reference} ${status}`,
    );

  beforeAll(async () => {
    stack = await startStack({
      configOverrides: { PAYOUT_CANCEL_WINDOW_SECONDS: String(CANCEL_WINDOW_SECONDS) },
    });
    for (const assign of [(s: Session) => (financeA = s), (s: Session) => (financeB = s)]) {
      const operator = await stack.createOperator('FINANCE');
      assign(await stack.adminLogin(operator.email, operator.password));
    }
  });
  afterAll(() => stack.close());

  it('the app cancels inside the window and nothing is sent; after the window the payout goes out and cannot be cancelled', async () => {
    const { test: creds } = await stack.registerApp();
    // A cancel answered while the window is open must take. On a loaded machine the window can
    // end before the cancel is answered: that try proves nothing, and another payout is made.
    let first: Record<string, any>;
    let cancelled: { status: number; body: any };
    for (let tries = 1; ; tries++) {
      first = (await create(creds, 10_000)).body.data;
      expect(first.status).toBe('SCHEDULED');
      expect(Date.parse(first.cancellableUntil) - Date.parse(first.createdAt)).toBeGreaterThanOrEqual(
        CANCEL_WINDOW_SECONDS * 1000 - 50,
      );
      cancelled = await stack.api('POST', `/api/v1/payouts/${first.reference}/cancel`, {
        creds,
        body: { reason: 'customer chose store credit' },
      });
      if (cancelled.status === 200 || Date.now() < Date.parse(first.cancellableUntil)) break;
      if (tries === 5) throw new Error('every cancel was answered after its window: the machine is stalled');
    }
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({
      status: 'CANCELLED',
      failureReason: 'customer chose store credit',
    });
    // Cancelling again answers the cancelled payout; nothing was ever sent, and nothing will be.
    expect(
      (await stack.api('POST', `/api/v1/payouts/${first.reference}/cancel`, { creds, body: {} })).status,
    ).toBe(200);

    const second = (await create(creds, 12_000)).body.data;
    // Nothing leaves during the window: the rail's transfers, answered before it ends, are none.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sentSoFar = await transfersFor(second.reference);
    if (Date.now() < Date.parse(second.cancellableUntil)) expect(sentSoFar).toHaveLength(0);
    await settles(creds, second.reference, 'SUCCEEDED');
    const late = await stack.api('POST', `/api/v1/payouts/${second.reference}/cancel`, { creds, body: {} });
    expect(late.status).toBe(409);
    expect(late.body.meta.errorCode).toBe('PAYOUT_NOT_CANCELLABLE');

    expect(await transfersFor(first.reference)).toHaveLength(0);
    expect(await transfersFor(second.reference)).toHaveLength(1);
    expect((await read(creds, first.reference)).status).toBe('CANCELLED');
  });

  it('a payout in a two-approver band waits for two independent approvers, then its window, then goes out', async () => {
    const app = await stack.registerApp();
    const creds = app.test;
    await setPayoutRules(stack.em(), app.app.id, 'TEST', {
      enabled: true,
      floor: 0,
      bands: [
        { currency: null, fromMinor: 0, toMinor: 50_000, approvers: 0 },
        { currency: null, fromMinor: 50_001, toMinor: null, approvers: 2 },
      ],
    });
    const small = (await create(creds, 20_000)).body.data;
    expect(small.status).toBe('SCHEDULED');
    const large = (await create(creds, 60_000)).body.data;
    expect(large).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 2, cancellableUntil: null });

    const waiting = await financeA.call('GET', '/api/v1/admin/payouts/waiting?mode=TEST');
    expect(waiting.body.data.items.map((item: { reference: string }) => item.reference)).toContain(
      large.reference,
    );

    const once = await financeA.call('POST', `/api/v1/admin/payouts/${large.reference}/approve`, {
      body: {},
    });
    expect(once.status).toBe(200);
    expect(once.body.data.status).toBe('WAITING_APPROVAL');
    const twice = await financeA.call('POST', `/api/v1/admin/payouts/${large.reference}/approve`, {
      body: {},
    });
    expect(twice.status).toBe(403);
    expect(twice.body.meta.errorCode).toBe('APPROVER_ALREADY_APPROVED');
    expect(await transfersFor(large.reference)).toHaveLength(0);

    const approved = await financeB.call('POST', `/api/v1/admin/payouts/${large.reference}/approve`, {
      body: { comment: 'vendor contract checked' },
    });
    expect(approved.body.data.status).toBe('SCHEDULED');
    await settles(creds, large.reference, 'SUCCEEDED');
    expect(await transfersFor(large.reference)).toHaveLength(1);
    const detail = await financeA.call('GET', `/api/v1/admin/payouts/${large.reference}`);
    expect(detail.body.data.decisions.map((d: { verdict: string }) => d.verdict)).toEqual([
      'APPROVE',
      'APPROVE',
    ]);

    const rejected = (await create(creds, 70_000)).body.data;
    const no = await financeB.call('POST', `/api/v1/admin/payouts/${rejected.reference}/reject`, {
      body: { comment: 'not in the contract' },
    });
    expect(no.body.data).toMatchObject({ status: 'CANCELLED', failureCode: 'APPROVAL_REJECTED' });
    const after = await financeA.call('POST', `/api/v1/admin/payouts/${rejected.reference}/approve`, {
      body: {},
    });
    expect(after.status).toBe(409);
    expect(after.body.meta.errorCode).toBe('PAYOUT_NOT_WAITING_APPROVAL');
    await settles(creds, small.reference, 'SUCCEEDED');
    expect(await transfersFor(rejected.reference)).toHaveLength(0);
  });

  it('a paid payout the rail sends back is RETURNED once, booked back to the rail, and the ledger verifies clean', async () => {
    const { test: creds } = await stack.registerApp();
    const paid = (await create(creds, 15_000)).body.data;
    await settles(creds, paid.reference, 'SUCCEEDED');
    const input = { reference: paid.reference, reasonCode: 'ACCOUNT_CLOSED', reason: 'R02' };
    expect(await applyPayoutReturn(stack.em(), input)).toEqual({ eventIds: [expect.any(String)] });
    expect(await applyPayoutReturn(stack.em(), input)).toBeNull();
    expect(await read(creds, paid.reference)).toMatchObject({
      status: 'RETURNED',
      failureCode: 'ACCOUNT_CLOSED',
    });
    const kinds = await stack
      .em()
      .execute<Array<{ kind: string }>>(
        "select kind from journal_entries where source_type = 'payout' and source_id = ? order by id",
        [paid.reference],
      );
    expect(kinds.map((row) => row.kind)).toEqual(['PAYOUT', 'PAYOUT_SENT', 'PAYOUT_FEE', 'PAYOUT_RETURN']);
    // Finance reads the same entries in the journal by the payout's reference.
    const journal = await financeA.call(
      'GET',
      `/api/v1/admin/ledger/journal?mode=TEST&source=${paid.reference}`,
    );
    expect(journal.status).toBe(200);
    expect(journal.body.data.items.map((entry: { kind: string }) => entry.kind).sort()).toEqual(
      ['PAYOUT', 'PAYOUT_SENT', 'PAYOUT_FEE', 'PAYOUT_RETURN'].sort(),
    );
    expect((await verifyLedger(stack.em())).filter((check) => check.breaches.length > 0)).toEqual([]);
  });
});
