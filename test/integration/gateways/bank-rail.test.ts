import { RailError } from '../../../gateways/payouts/rail.js';
import type { PayoutTransfer, RailTransferResult } from '../../../gateways/payouts/rail.js';
import { startBankSimulator } from '../../helpers/bank-simulator.js';
import { BANK_CHARGES_MINOR } from '../../../gateways/bank/simulator/tariff.js';

/**
 * The bank rail against the simulated bank, through every fault it shows: whatever happens on the
 * way, the bank debits the company at most once per reference, and `find` says what the bank's
 * files say.
 */
describe('Bank transfers (BEFTN, NPSB) through the simulated bank', () => {
  let bank: Awaited<ReturnType<typeof startBankSimulator>>;
  let counter = 0;
  /** The rail times out after 400 ms, so a slow answer is cheap to show. */
  const TIMEOUT_MS = 400;

  beforeAll(async () => {
    bank = await startBankSimulator({ timeoutMs: TIMEOUT_MS });
  });
  afterAll(async () => {
    await bank?.close();
  });
  beforeEach(async () => {
    await bank.control('POST', '/__simulator/reset');
  });

  const OPEN = { routingNumber: '010261234', accountNumber: '1001001001', accountName: 'Rahima Khatun' };

  function transfer(
    overrides: Partial<PayoutTransfer> & { account?: Partial<typeof OPEN> } = {},
  ): PayoutTransfer {
    counter += 1;
    const { account, ...rest } = overrides;
    return {
      reference: `po_test${counter}`,
      amountMinor: 250_000,
      currency: 'BDT',
      beneficiary: { type: 'BANK_ACCOUNT', bankName: null, ...OPEN, ...account },
      narrative: 'Refund of order #1234 (cashback)',
      method: 'BEFTN',
      ...rest,
    };
  }

  const debits = async (reference: string) =>
    (await bank.control<{ debits: number; lines: unknown[] }>('GET', `/__simulator/transfers/${reference}`))
      .debits;
  const filesFor = async (reference: string) =>
    (await bank.control<{ lines: unknown[] }>('GET', `/__simulator/transfers/${reference}`)).lines.length;
  const session = () => bank.control('POST', '/__simulator/clearing/advance');
  const arm = (reference: string, faults: Record<string, unknown>) =>
    bank.control('PUT', '/__simulator/faults', { reference, faults });
  const balance = async () => (await bank.rail().balance()).availableMinor;

  async function railError(promise: Promise<unknown>): Promise<RailError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RailError);
    return error as RailError;
  }

  function expectStatus(
    result: RailTransferResult,
    status: RailTransferResult['status'],
    reasonCode: string | null = null,
  ) {
    expect({ status: result.status, reasonCode: result.reasonCode }).toEqual({ status, reasonCode });
  }

  it('describes itself as a file rail for bank accounts, and reads the balance from the bank', async () => {
    const rail = bank.rail();
    expect(rail.describe()).toMatchObject({
      name: 'bank',
      delivery: 'FILE',
      beneficiaryTypes: ['BANK_ACCOUNT'],
      beneficiaryCheck: true,
    });
    const read = await rail.balance();
    expect(read).toMatchObject({ availableMinor: 100_000_000, currency: 'BDT' });
    await bank.control('PUT', '/__simulator/balance', { availableMinor: 12_345 });
    expect(await balance()).toBe(12_345);
  });

  it('asks NPSB for the account holder: verified, a mismatch, no account, closed, frozen, or a bank NPSB cannot reach', async () => {
    const rail = bank.rail();
    const check = (routingNumber: string, accountNumber: string, accountName: string) =>
      rail.checkBeneficiary({
        type: 'BANK_ACCOUNT',
        routingNumber,
        accountNumber,
        accountName,
        bankName: null,
      });
    expect(await check('010261234', '1001001001', 'RAHIMA  khatun.')).toMatchObject({
      status: 'VERIFIED',
      accountHolderName: 'Rahima Khatun',
    });
    expect(await check('010261234', '1001001001', 'Rahim Khan')).toMatchObject({
      status: 'NAME_MISMATCH',
      accountHolderName: 'Rahima Khatun',
    });
    expect((await check('010261234', '1001001999', 'Rahima Khatun')).status).toBe('NOT_FOUND');
    expect((await check('030271238', '3003003003', 'Abdul Hamid')).status).toBe('NOT_FOUND');
    expect((await check('040131230', '4004004004', 'Nasrin Akter')).status).toBe('BLOCKED');
    expect((await check('990111232', '9009009009', 'Sumon Das')).status).toBe('UNVERIFIABLE');
  });

  it('sends a BEFTN transfer once: processing until the clearing session, then succeeded; sending again sends nothing', async () => {
    const rail = bank.rail();
    const payout = transfer();
    expectStatus(await rail.find(payout.reference), 'NOT_FOUND');
    const sent = await rail.send(payout);
    expectStatus(sent, 'PROCESSING');
    expect(sent.railTransferId).toMatch(/^BT\d{10}$/);
    expectStatus(await rail.find(payout.reference), 'PROCESSING');
    await session();
    const settled = await rail.find(payout.reference);
    expectStatus(settled, 'SUCCEEDED');
    expect(settled.railTransferId).toBe(sent.railTransferId);
    expectStatus(await rail.send(payout), 'SUCCEEDED');
    expect(await debits(payout.reference)).toBe(1);
    expect(await filesFor(payout.reference)).toBe(1);
    // The bank's charges leave the account with the amount, and the rail reads them from its acknowledgement.
    expect(settled.feeMinor).toBe(BANK_CHARGES_MINOR.BEFTN);
    expect(await balance()).toBe(100_000_000 - 250_000 - BANK_CHARGES_MINOR.BEFTN);
  });

  it('pays NPSB at once, and refuses at once an account the receiving bank does not have', async () => {
    const rail = bank.rail();
    const instant = transfer({ method: 'NPSB' });
    expectStatus(await rail.send(instant), 'SUCCEEDED');
    const nowhere = transfer({ method: 'NPSB', account: { accountNumber: '1001009999' } });
    expectStatus(await rail.send(nowhere), 'FAILED', 'INVALID_ACCOUNT');
    expectStatus(await rail.find(nowhere.reference), 'FAILED', 'INVALID_ACCOUNT');
    expect(await debits(instant.reference)).toBe(1);
    expect(await debits(nowhere.reference)).toBe(0);
  });

  it('refuses before sending what the bank could not take, and delivers nothing', async () => {
    const rail = bank.rail();
    const cases: Array<[Partial<PayoutTransfer> & { account?: Partial<typeof OPEN> }, string]> = [
      [{ account: { routingNumber: '01026123' } }, 'INVALID_ROUTING_NUMBER'],
      [{ account: { routingNumber: '000261234' } }, 'INVALID_ROUTING_NUMBER'],
      [{ account: { accountNumber: '10010A1001' } }, 'INVALID_ACCOUNT'],
      [{ account: { accountName: 'Rahima | Khatun' } }, 'INVALID_ACCOUNT_NAME'],
      [{ method: 'NPSB', amountMinor: 50_000_001 }, 'AMOUNT_ABOVE_LIMIT'],
      [{ amountMinor: 99 }, 'AMOUNT_BELOW_MINIMUM'],
    ];
    for (const [overrides, reasonCode] of cases) {
      const payout = transfer(overrides);
      const error = await railError(rail.send(payout));
      expect({ code: error.code, reasonCode: error.details.reasonCode }).toEqual({
        code: 'RAIL_REJECTED',
        reasonCode,
      });
      expectStatus(await rail.find(payout.reference), 'NOT_FOUND');
    }
  });

  it('a lost answer after the bank took the file: send fails unavailable, find says processing, and a second send sends nothing', async () => {
    const rail = bank.rail();
    const payout = transfer();
    await arm(payout.reference, { uploadAnswerLost: true });
    expect((await railError(rail.send(payout))).code).toBe('RAIL_UNAVAILABLE');
    expectStatus(await rail.find(payout.reference), 'PROCESSING');
    expectStatus(await rail.send(payout), 'PROCESSING');
    await session();
    expectStatus(await rail.find(payout.reference), 'SUCCEEDED');
    expect(await debits(payout.reference)).toBe(1);
    expect(await filesFor(payout.reference)).toBe(1);
  });

  it('an upload dropped before the bank had it: find says not found, and the send after it pays once', async () => {
    const rail = bank.rail();
    const payout = transfer();
    await arm(payout.reference, { dropUpload: true });
    expect((await railError(rail.send(payout))).code).toBe('RAIL_UNAVAILABLE');
    expectStatus(await rail.find(payout.reference), 'NOT_FOUND');
    expectStatus(await rail.send(payout), 'PROCESSING');
    expect(await debits(payout.reference)).toBe(1);
  });

  it('a timeout after the bank took the file: processing, paid once, and a resend of the same file is refused as a duplicate', async () => {
    const rail = bank.rail();
    const payout = transfer({ method: 'NPSB' });
    await arm(payout.reference, { uploadAnswerDelayMs: TIMEOUT_MS * 3 });
    expect((await railError(rail.send(payout))).code).toBe('RAIL_UNAVAILABLE');
    expectStatus(await rail.find(payout.reference), 'SUCCEEDED');
    // The same file again, as a blind retry would send it: the bank refuses the name it holds.
    const again = await fetch(`${bank.url}/h2h/files/OIPAY_${payout.reference}_1.txt`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${bank.credentials.username}:${bank.credentials.password}`).toString('base64')}`,
      },
      body: 'anything',
    });
    expect(again.status).toBe(409);
    expectStatus(await rail.send(payout), 'SUCCEEDED');
    expect(await debits(payout.reference)).toBe(1);
  });

  it('a duplicate acknowledgement is read as one answer', async () => {
    const rail = bank.rail();
    const payout = transfer();
    await arm(payout.reference, { duplicateAck: true });
    expectStatus(await rail.send(payout), 'PROCESSING');
    const state = await bank.control<{ outbox: Array<{ kind: string; forFile: string }> }>(
      'GET',
      '/__simulator/state',
    );
    expect(state.outbox.filter((file) => file.forFile === `OIPAY_${payout.reference}_1.txt`)).toHaveLength(2);
    expectStatus(await rail.find(payout.reference), 'PROCESSING');
    await session();
    expectStatus(await rail.find(payout.reference), 'SUCCEEDED');
    expect(await debits(payout.reference)).toBe(1);
  });

  it('a file awaiting its acknowledgement is processing, and is not sent again', async () => {
    const rail = bank.rail();
    const payout = transfer();
    await bank.control('PUT', '/__simulator/faults', { faults: { holdAcks: true } });
    const sent = await rail.send(payout);
    expectStatus(sent, 'PROCESSING');
    expect(sent.raw.acknowledgement).toBeNull();
    expectStatus(await rail.send(payout), 'PROCESSING');
    await bank.control('DELETE', '/__simulator/faults');
    await bank.control('POST', '/__simulator/acks/release');
    expect((await rail.find(payout.reference)).railTransferId).toMatch(/^BT/);
    expect(await filesFor(payout.reference)).toBe(1);
  });

  it('a settled transfer returned by the receiving bank is RETURNED with our reason, the money back, and never resent', async () => {
    const rail = bank.rail();
    const payout = transfer();
    await rail.send(payout);
    await session();
    expectStatus(await rail.find(payout.reference), 'SUCCEEDED');
    await bank.control('POST', '/__simulator/returns', { reference: payout.reference, returnCode: 'R02' });
    const returned = await rail.find(payout.reference);
    expectStatus(returned, 'RETURNED', 'ACCOUNT_CLOSED');
    expect(returned.reason).toBe('Account closed');
    expectStatus(await rail.send(payout), 'RETURNED', 'ACCOUNT_CLOSED');
    expect(await debits(payout.reference)).toBe(1);
    // The amount comes back; the bank keeps its charges.
    expect(await balance()).toBe(100_000_000 - BANK_CHARGES_MINOR.BEFTN);
  });

  it('BEFTN credits the receiving bank cannot apply come back at the session: no account, closed, another name', async () => {
    const rail = bank.rail();
    const nowhere = transfer({ account: { accountNumber: '1001009999' } });
    const closed = transfer({
      account: { routingNumber: '030271238', accountNumber: '3003003003', accountName: 'Abdul Hamid' },
    });
    const otherName = transfer({ account: { accountName: 'Someone Else' } });
    for (const payout of [nowhere, closed, otherName]) expectStatus(await rail.send(payout), 'PROCESSING');
    await session();
    expectStatus(await rail.find(nowhere.reference), 'RETURNED', 'ACCOUNT_NOT_FOUND');
    expectStatus(await rail.find(closed.reference), 'RETURNED', 'ACCOUNT_CLOSED');
    expectStatus(await rail.find(otherName.reference), 'RETURNED', 'NAME_MISMATCH');
    expect(await balance()).toBe(100_000_000 - 3 * BANK_CHARGES_MINOR.BEFTN);
  });

  it('a short balance refuses the line (the payout queues); once funded, the next send pays it once', async () => {
    const rail = bank.rail();
    const payout = transfer();
    await bank.control('PUT', '/__simulator/balance', { availableMinor: 100_000 });
    const refused = await rail.send(payout);
    expectStatus(refused, 'FAILED', 'INSUFFICIENT_BALANCE');
    expect(refused.shortBalance).toBe(true);
    expect((await rail.find(payout.reference)).shortBalance).toBe(true);
    expect(await balance()).toBe(100_000);

    await bank.control('POST', '/__simulator/balance/fund', { amountMinor: 1_000_000 });
    expectStatus(await rail.send(payout), 'PROCESSING');
    expectStatus(await rail.send(payout), 'PROCESSING');
    await session();
    expectStatus(await rail.find(payout.reference), 'SUCCEEDED');
    expect(await debits(payout.reference)).toBe(1);
    expect(await filesFor(payout.reference)).toBe(2);
    expect(await balance()).toBe(1_100_000 - 250_000 - BANK_CHARGES_MINOR.BEFTN);

    const forced = transfer();
    await arm(forced.reference, { shortBalance: true });
    expect((await rail.send(forced)).shortBalance).toBe(true);
  });

  it('sends a batch as one BEFTN file, once, and reads every line of it back', async () => {
    const rail = bank.rail();
    const payouts = [
      transfer(),
      transfer({ amountMinor: 10_000 }),
      transfer({ account: { accountNumber: '1001009999' } }),
    ];
    expect(await rail.sendFile('batch_1', payouts)).toEqual({
      fileName: 'OIPAYB_batch_1_1.txt',
      delivered: 'NOW',
    });
    expect(await rail.sendFile('batch_1', payouts)).toEqual({
      fileName: 'OIPAYB_batch_1_1.txt',
      delivered: 'ALREADY',
    });
    const processing = await rail.findFile('batch_1');
    expect([...processing.values()].map((result) => result.status)).toEqual([
      'PROCESSING',
      'PROCESSING',
      'PROCESSING',
    ]);
    await session();
    const outcomes = await rail.findFile('batch_1');
    expect(payouts.map((payout) => outcomes.get(payout.reference)?.status)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'RETURNED',
    ]);
    for (const payout of payouts) expect(await debits(payout.reference)).toBe(1);
    expect((await rail.findFile('batch_none')).size).toBe(0);
  });

  it('the bank refuses a wrong login, a malformed file and a name it already holds', async () => {
    const wrong = bank.rail({ password: 'not-the-password' });
    const error = await railError(wrong.send(transfer()));
    expect(error.code).toBe('RAIL_REJECTED');
    const auth = {
      authorization: `Basic ${Buffer.from(`${bank.credentials.username}:${bank.credentials.password}`).toString('base64')}`,
    };
    const malformed = await fetch(`${bank.url}/h2h/files/OIPAY_x_1.txt`, {
      method: 'POST',
      headers: auth,
      body: 'H|BDH2H|1\r\nT|0|0.00\r\n',
    });
    expect(malformed.status).toBe(422);
    const payout = transfer();
    await bank.rail().send(payout);
    const duplicate = await fetch(`${bank.url}/h2h/files/OIPAY_${payout.reference}_1.txt`, {
      method: 'POST',
      headers: auth,
      body: 'x',
    });
    expect(duplicate.status).toBe(409);
  });

  it('shows its tester page with the fault panel on the simulator host, and lists the files it holds', async () => {
    const payout = transfer();
    await bank.rail().send(payout);
    const tester = await (await fetch(`${bank.url}/`)).text();
    for (const title of [
      'Upload answer lost',
      'Duplicate acknowledgement',
      'Short balance',
      'Return a settled transfer',
    ]) {
      expect(tester).toContain(title);
    }
    const files = await (await fetch(`${bank.url}/__simulator/files`)).text();
    expect(files).toContain(`OIPAY_${payout.reference}_1.txt`);
    expect(files).toContain(`ACK_OIPAY_${payout.reference}_1_1.txt`);
  });
});
