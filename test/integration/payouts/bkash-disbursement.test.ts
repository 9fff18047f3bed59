import { bkashB2cFeeMinor } from '../../../gateways/bkash/disbursement/simulator/tariff.js';
import { verifyLedger } from '../../../db/ledger/ledger-verify.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Payouts to bKash wallets end to end through the bKash disbursement simulator, with each of its
 * faults. Every case ends with the simulator's own ledger of transfers: nothing paid twice, and
 * nothing lost.
 */

interface SimTransfer {
  trxID: string;
  merchantInvoiceNumber: string;
  amountMinor: number;
  requests: number;
}
interface SimLedger {
  transfers: SimTransfer[];
  refusals: Array<{ merchantInvoiceNumber: string; statusCode: string }>;
  balanceMinor: number;
}

/** The client gives up on an answer after this long; the "late answer" fault answers after twice that. */
const RAIL_TIMEOUT_MS = 1_500;

describe('payouts through the bKash disbursement simulator', () => {
  let stack: Stack;
  let creds: Credentials;
  let finance: Awaited<ReturnType<Stack['adminLogin']>>;
  let walletSeq = 0;

  const sim = <T = unknown>(method: string, route: string, body?: unknown) =>
    stack.gatewaySimulators.control<T>('bkash-disbursement', method, route, body);
  const simLedger = () => sim<SimLedger>('GET', '/__simulator/transfers');
  const transfersFor = async (reference: string) =>
    (await simLedger()).transfers.filter((transfer) => transfer.merchantInvoiceNumber === reference);
  /** A wallet of its own per case, so the simulator's daily limit per wallet never joins in. */
  const nextWallet = () => `0171${String(1_000_000 + walletSeq++).slice(-7)}`;

  const createPayout = (body: Record<string, unknown>, key?: string) =>
    stack.api('POST', '/api/v1/payouts', {
      creds,
      body,
      headers: key ? { 'idempotency-key': key } : {},
    });
  const bkashPayout = (amountMinor: number, walletNumber = nextWallet()) => ({
    amountMinor,
    beneficiary: { type: 'BKASH_WALLET', walletNumber, name: 'Rahima Khatun' },
    narrative: 'Cashback',
  });
  const readPayout = async (reference: string) =>
    (await stack.api('GET', `/api/v1/payouts/${reference}`, { creds })).body.data;
  const settles = (reference: string, status: string, timeoutMs = 20_000) =>
    eventually(
      async () => {
        const payout = await readPayout(reference);
        return payout.status === status ? payout : null;
      },
      timeoutMs,
      `payout ${reference} ${status}`,
    );
  const eventTypes = async (reference: string) =>
    (
      await stack
        .em()
        .execute<Array<{ type: string }>>(
          `select type from events where source_type = 'payout' and source_id = ? order by created_at, type`,
          [reference],
        )
    ).map((row) => row.type);
  const ledgerKinds = async (reference: string) =>
    (
      await stack
        .em()
        .execute<Array<{ kind: string }>>(
          `select kind from journal_entries where source_type = 'payout' and source_id = ? order by id`,
          [reference],
        )
    ).map((row) => row.kind);

  beforeAll(async () => {
    stack = await startStack({
      configOverrides: {
        // Sent as soon as it is taken: the cancel window has its own suite.
        PAYOUT_CANCEL_WINDOW_SECONDS: '0',
        // A queued payout waits for the nudge after a top-up, not for its own re-check.
        PAYOUT_QUEUE_RECHECK_SECONDS: '600',
      },
      payoutRailEnvironment: {
        BKASH_DISBURSEMENT_TIMEOUT_MS: String(RAIL_TIMEOUT_MS),
        // Nagad's disbursement account left unset: a rail with no account is refused clearly.
        NAGAD_DISBURSEMENT_TEST_MERCHANT_ID: '',
      },
    });
    creds = (await stack.registerApp()).test;
    const operator = await stack.createOperator('FINANCE');
    finance = await stack.adminLogin(operator.email, operator.password);
  });
  afterAll(() => stack.close());
  afterEach(() => sim('DELETE', '/__simulator/faults'));

  it('pays a wallet once, books it, and tells the app', async () => {
    const before = (await simLedger()).balanceMinor;
    const created = await createPayout(bkashPayout(150_000));
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ rail: 'bkash', amountMinor: 150_000, currency: 'BDT' });
    expect(created.body.data.beneficiary.walletNumber).toMatch(/^•+\d{4}$/);
    const reference = created.body.data.reference as string;

    const paid = await settles(reference, 'SUCCEEDED');
    const [transfer] = await transfersFor(reference);
    expect(paid.railTransferId).toBe(transfer!.trxID);
    expect(paid.beneficiaryCheck).toEqual({ status: 'VERIFIED', accountHolderName: expect.any(String) });
    expect(transfer).toMatchObject({ amountMinor: 150_000, requests: 1 });
    // The account's tariff takes its fee with the amount; the payout books it (RAIL_FEES).
    expect(paid.feeMinor).toBe(bkashB2cFeeMinor(150_000));
    expect((await simLedger()).balanceMinor).toBe(before - 150_000 - bkashB2cFeeMinor(150_000));
    expect(await ledgerKinds(reference)).toEqual(['PAYOUT', 'PAYOUT_SENT', 'PAYOUT_FEE']);
    expect(await eventTypes(reference)).toEqual(['payout.created', 'payout.succeeded']);
  });

  it.each(['504', 'close'] as const)(
    'a transfer whose answer is lost (%s) is found by its reference, not sent again',
    async (how) => {
      const body = bkashPayout(20_000);
      await sim('PUT', '/__simulator/faults', { faults: { transferAnswerLost: how } });
      const reference = (await createPayout(body)).body.data.reference as string;
      const paid = await settles(reference, 'SUCCEEDED');
      const transfers = await transfersFor(reference);
      expect(transfers).toHaveLength(1);
      // The one b2cPayment that paid is the only one ever made: the retry asked b2cQuery first.
      expect(transfers[0]!.requests).toBe(1);
      expect(paid.railTransferId).toBe(transfers[0]!.trxID);
    },
  );

  it('a transfer answered after the client gave up (the rail took the money) is found, not sent again', async () => {
    await sim('PUT', '/__simulator/faults', { faults: { transferAnswerDelayMs: RAIL_TIMEOUT_MS * 2 } });
    const reference = (await createPayout(bkashPayout(30_000))).body.data.reference as string;
    await settles(reference, 'SUCCEEDED', 30_000);
    const transfers = await transfersFor(reference);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]!.requests).toBe(1);
    expect(await ledgerKinds(reference)).toEqual(['PAYOUT', 'PAYOUT_SENT', 'PAYOUT_FEE']);
  });

  it('a repeated transfer is refused (2029) or acknowledged with the first one, and never pays twice', async () => {
    const rail = stack.deps.payoutRails.rail('bkash', 'TEST')!;
    const before = (await simLedger()).balanceMinor;
    const transfer = {
      reference: `po_${'d'.repeat(20)}`,
      amountMinor: 12_345,
      currency: 'BDT' as const,
      beneficiary: { type: 'BKASH_WALLET' as const, walletNumber: nextWallet(), name: null },
      narrative: 'duplicate',
    };
    const first = await rail.send(transfer);
    // Refused as a duplicate: the client reads the transfer bKash holds under the reference.
    const refused = await rail.send(transfer);
    await sim('PUT', '/__simulator/faults', { faults: { duplicateAcknowledged: true } });
    const acknowledged = await rail.send(transfer);
    for (const answer of [first, refused, acknowledged]) {
      expect(answer).toMatchObject({ status: 'SUCCEEDED', railTransferId: first.railTransferId });
    }
    const transfers = await transfersFor(transfer.reference);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]!.requests).toBe(3);
    expect((await simLedger()).balanceMinor).toBe(before - 12_345 - bkashB2cFeeMinor(12_345));
  });

  it('the same Idempotency-Key never makes a second payout', async () => {
    const body = bkashPayout(11_000);
    const first = await createPayout(body, 'payout-key-1');
    const again = await createPayout(body, 'payout-key-1');
    expect(again.body.data.reference).toBe(first.body.data.reference);
    await settles(first.body.data.reference, 'SUCCEEDED');
    expect(await transfersFor(first.body.data.reference)).toHaveLength(1);
  });

  it('a short balance queues the payout; a top-up sends it, once', async () => {
    const { balanceMinor } = await simLedger();
    await sim('PUT', '/__simulator/balance', { balanceMinor: 5_000 });
    const reference = (await createPayout(bkashPayout(40_000))).body.data.reference as string;
    await settles(reference, 'QUEUED');
    const queue = await finance.call('GET', '/api/v1/admin/payouts/rails');
    expect(queue.body.data.items).toContainEqual(
      expect.objectContaining({ rail: 'bkash', mode: 'TEST', availableMinor: 5_000, queued: 1 }),
    );
    expect(await transfersFor(reference)).toHaveLength(0);

    await sim('POST', '/__simulator/balance/top-up', { amountMinor: 100_000 });
    const woken = await finance.call('POST', '/api/v1/admin/payouts/rails/bkash/TEST/recheck');
    expect(woken.body.data.woken).toBe(1);
    await settles(reference, 'SUCCEEDED');
    const transfers = await transfersFor(reference);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]!.requests).toBe(1);
    expect((await simLedger()).balanceMinor).toBe(65_000 - bkashB2cFeeMinor(40_000));
    await sim('PUT', '/__simulator/balance', { balanceMinor });
  });

  it('a blocked wallet fails the payout before anything is sent', async () => {
    const walletNumber = nextWallet();
    await sim('PUT', '/__simulator/wallets', { msisdn: walletNumber, state: 'BLOCKED' });
    const reference = (await createPayout(bkashPayout(10_000, walletNumber))).body.data.reference as string;
    const failed = await settles(reference, 'FAILED');
    expect(failed).toMatchObject({
      failureCode: 'BENEFICIARY_BLOCKED',
      beneficiaryCheck: { status: 'BLOCKED' },
    });
    expect(await transfersFor(reference)).toHaveLength(0);
    expect(await ledgerKinds(reference)).toEqual([]);
    expect(await eventTypes(reference)).toEqual(['payout.created', 'payout.failed']);
  });

  it('a transfer over the daily limit is refused by the rail: the payout fails and its commitment is reversed', async () => {
    await sim('PUT', '/__simulator/faults', { faults: { dailyLimitMinor: 5_000 } });
    const reference = (await createPayout(bkashPayout(9_000))).body.data.reference as string;
    const failed = await settles(reference, 'FAILED');
    expect(failed.failureCode).toBe('DAILY_LIMIT_EXCEEDED');
    expect(await transfersFor(reference)).toHaveLength(0);
    expect(await ledgerKinds(reference)).toEqual(['PAYOUT', 'PAYOUT_REVERSAL']);
  });

  it('refuses what no rail can pay with a clear error', async () => {
    const badWallet = await createPayout({
      amountMinor: 1000,
      beneficiary: { type: 'BKASH_WALLET', walletNumber: '12345' },
    });
    expect(badWallet.status).toBe(400);
    expect(badWallet.body.meta.errorCode).toBe('VALIDATION_ERROR');
    const badRouting = await createPayout({
      amountMinor: 1000,
      beneficiary: {
        type: 'BANK_ACCOUNT',
        accountNumber: '1234567890',
        accountName: 'A. Rahman',
        routingNumber: '12',
      },
    });
    expect(badRouting.status).toBe(400);
    const tooLarge = await createPayout(bkashPayout(2_500_001));
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.meta.errorCode).toBe('PAYOUT_AMOUNT_OUT_OF_RANGE');
    const nagad = await createPayout({
      amountMinor: 1000,
      beneficiary: { type: 'NAGAD_WALLET', walletNumber: '01812345678' },
    });
    expect(nagad.status).toBe(422);
    expect(nagad.body.meta.errorCode).toBe('RAIL_NOT_CONFIGURED');
  });

  it('lists payouts with filters, a cursor and a summary by status; the ledger verifies clean', async () => {
    const page = await stack.api('GET', '/api/v1/payouts?size=2', { creds });
    expect(page.status).toBe(200);
    expect(page.body.data.items).toHaveLength(2);
    const next = await stack.api('GET', `/api/v1/payouts?size=2&after=${page.body.pagination.nextCursor}`, {
      creds,
    });
    expect(next.body.data.items[0].id).toBeLessThan(page.body.data.items[1].id);
    const failed = await stack.api('GET', '/api/v1/payouts?status=FAILED&rail=bkash', { creds });
    expect(failed.body.data.items.every((item: { status: string }) => item.status === 'FAILED')).toBe(true);
    expect(failed.body.data.summary).toEqual([
      { status: 'FAILED', count: failed.body.pagination.totalItems, totalMinor: expect.any(Number) },
    ]);
    const breaches = (await verifyLedger(stack.em())).filter((check) => check.breaches.length > 0);
    expect(breaches).toEqual([]);
  });
});
