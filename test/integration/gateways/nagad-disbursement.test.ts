import { randomToken } from '../../../domain/shared/ids.js';
import { orderIdFor } from '../../../gateways/nagad/disbursement/mapping.js';
import {
  createNagadDisbursementRail,
  nagadDisbursementCredentialsFromEnvironment,
} from '../../../gateways/nagad/disbursement/settings.js';
import { TEST_WALLETS } from '../../../gateways/nagad/disbursement/simulator/wallets.js';
import type { Beneficiary, PayoutRail, PayoutTransfer } from '../../../gateways/payouts/rail.js';
import { RailError } from '../../../gateways/payouts/rail.js';
import { nagadDisbursementFeeMinor } from '../../../gateways/nagad/disbursement/simulator/tariff.js';
import {
  startNagadDisbursementSimulator,
  type NagadDisbursementSimulatorRig,
} from '../../helpers/nagad-disbursement-simulator.js';

/**
 * The Nagad disbursement rail against its simulator on the simulator host, built the way the payout
 * core builds it (settings from the host's service environment, credentials per mode). Every fault
 * the simulator can show, each ending with the simulator having paid each reference at most once
 * and the rail's `find` telling what Nagad holds.
 */

/** Generous: an ordinary call on a loaded machine never meets it. */
const CLIENT_TIMEOUT_MS = 15_000;
/** The timeout test's own rail: its answer is held five times this long, so the client gives up first. */
const IMPATIENT_TIMEOUT_MS = 1_000;
const WALLET = '01712345678';

let sim: NagadDisbursementSimulatorRig;
let rail: PayoutRail;

function railOver(environment: Record<string, string>, timeoutMs = CLIENT_TIMEOUT_MS): PayoutRail {
  const env = {
    ...environment,
    NAGAD_DISBURSEMENT_CLIENT_IP: '203.0.113.10',
    NAGAD_DISBURSEMENT_TIMEOUT_MS: String(timeoutMs),
  };
  const credentials = nagadDisbursementCredentialsFromEnvironment(env, 'TEST');
  if (!credentials) throw new Error('the simulator host gave no Nagad disbursement credentials');
  return createNagadDisbursementRail({ credentials, mode: 'TEST', env });
}

beforeAll(async () => {
  sim = await startNagadDisbursementSimulator();
  rail = railOver(sim.environment);
});

afterAll(() => sim?.close());

beforeEach(async () => {
  expect((await sim.control('POST', '/__simulator/reset')).status).toBe(200);
});

/** Whatever a test did, the simulator paid no orderId twice and its balance is what it paid out. */
afterEach(async () => {
  const { body } = await sim.control<{ movements: Array<{ kind: string; orderId: string | null }> }>(
    'GET',
    '/__simulator/transfers',
  );
  const paid = body.movements
    .filter((movement) => movement.kind === 'TRANSFER')
    .map((movement) => movement.orderId);
  expect(new Set(paid).size).toBe(paid.length);
});

const newReference = () => `po_${randomToken(20)}`;

function transferTo(walletNumber: string, amountMinor: number, reference = newReference()): PayoutTransfer {
  return {
    reference,
    amountMinor,
    currency: 'BDT',
    beneficiary: { type: 'NAGAD_WALLET', walletNumber, name: null },
    narrative: 'Refund of order 1042',
  };
}

async function timesPaid(reference: string): Promise<number> {
  const { body } = await sim.control<{ timesPaid: number }>(
    'GET',
    `/__simulator/transfers/${orderIdFor(reference)}`,
  );
  return body.timesPaid;
}

async function simulatorBalance(): Promise<number> {
  return (await sim.control<{ availableMinor: number }>('GET', '/__simulator/balance')).body.availableMinor;
}

async function arm(faults: Record<string, unknown>, key?: string): Promise<void> {
  const { status } = await sim.control('PUT', '/__simulator/faults', { ...(key ? { key } : {}), faults });
  expect(status).toBe(200);
}

async function railError(work: Promise<unknown>): Promise<RailError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RailError);
  return error as RailError;
}

describe('Nagad disbursement rail', () => {
  it('describes itself: Nagad wallets, instant, with a beneficiary check and limits', () => {
    expect(rail.describe()).toMatchObject({
      name: 'nagad',
      beneficiaryTypes: ['NAGAD_WALLET'],
      beneficiaryCheck: true,
      delivery: 'INSTANT',
      minAmountMinor: 100,
      maxAmountMinor: 2_500_000,
      dailyLimitPerBeneficiaryMinor: 5_000_000,
    });
  });

  it('serves its tester page with the fault panel on the simulator host', async () => {
    const page = await fetch(`${sim.url}/nagad-disbursement/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const fault of [
      'Lost answer',
      'Timeout after the money moved',
      'Duplicate acknowledgement',
      'Short balance',
    ]) {
      expect(html).toContain(fault);
    }
    expect(html).toContain('Top up the disbursement balance');
  });

  describe('beneficiary check', () => {
    const wallet = (walletNumber: string, name: string | null = null): Beneficiary => ({
      type: 'NAGAD_WALLET',
      walletNumber,
      name,
    });

    it("answers the holder's name and KYC level, and a name the app got wrong", async () => {
      await sim.control('PUT', `/__simulator/wallets/${WALLET}`, { name: 'Rahima Akter' });
      expect(await rail.checkBeneficiary(wallet(WALLET, 'rahima  akter'))).toMatchObject({
        status: 'VERIFIED',
        accountHolderName: 'Rahima Akter',
        kycStatus: 'FULL_KYC',
      });
      expect(await rail.checkBeneficiary(wallet(WALLET, 'Karim Uddin'))).toMatchObject({
        status: 'NAME_MISMATCH',
        accountHolderName: 'Rahima Akter',
      });
      expect(await rail.checkBeneficiary(wallet(TEST_WALLETS.unverified))).toMatchObject({
        status: 'VERIFIED',
        kycStatus: 'UNVERIFIED',
      });
    });

    it('says NOT_FOUND and BLOCKED, from the test wallets and from the faults', async () => {
      expect((await rail.checkBeneficiary(wallet(TEST_WALLETS.absent))).status).toBe('NOT_FOUND');
      expect((await rail.checkBeneficiary(wallet(TEST_WALLETS.blocked))).status).toBe('BLOCKED');
      await arm({ walletNotFound: true }, '01911111111');
      await arm({ walletBlocked: true }, '01922222222');
      expect((await rail.checkBeneficiary(wallet('01911111111'))).status).toBe('NOT_FOUND');
      expect((await rail.checkBeneficiary(wallet('01922222222'))).status).toBe('BLOCKED');
    });

    it('refuses a beneficiary Nagad cannot pay', async () => {
      const error = await railError(
        rail.checkBeneficiary({ type: 'BKASH_WALLET', walletNumber: WALLET, name: null }),
      );
      expect(error.code).toBe('RAIL_REJECTED');
    });
  });

  describe('transfers', () => {
    it('pays once by our reference; find and the balance agree with Nagad', async () => {
      const before = await rail.balance();
      expect(before.availableMinor).toBe(await simulatorBalance());
      expect(Math.abs(before.asOf.getTime() - Date.now())).toBeLessThan(300_000);

      const transfer = transferTo(WALLET, 150_050);
      expect(await rail.find(transfer.reference)).toMatchObject({
        status: 'NOT_FOUND',
        railTransferId: null,
      });
      const sent = await rail.send(transfer);
      expect(sent).toMatchObject({ status: 'SUCCEEDED', reasonCode: null });
      const atNagad = await sim.control<{
        issuerTxnId: string;
        amount: string;
        accountNo: string;
        description: string;
      }>('GET', `/__simulator/transfers/${orderIdFor(transfer.reference)}`);
      expect(atNagad.body).toMatchObject({
        amount: '1500.50',
        accountNo: WALLET,
        description: 'Refund of order 1042',
      });
      expect(sent.railTransferId).toBe(atNagad.body.issuerTxnId);
      expect(await rail.find(transfer.reference)).toMatchObject({
        status: 'SUCCEEDED',
        railTransferId: sent.railTransferId,
      });
      // The simulator's tariff takes its service charge with the amount, and the answer carries it.
      expect(sent.feeMinor).toBe(nagadDisbursementFeeMinor(150_050));
      expect((await rail.balance()).availableMinor).toBe(
        before.availableMinor - 150_050 - nagadDisbursementFeeMinor(150_050),
      );
    });

    it('a second send of a paid reference answers the transfer Nagad holds, paying nothing', async () => {
      const transfer = transferTo(WALLET, 10_000);
      const first = await rail.send(transfer);
      const balance = await simulatorBalance();
      const again = await rail.send(transfer);
      expect(again).toMatchObject({ status: 'SUCCEEDED', railTransferId: first.railTransferId });
      expect(await timesPaid(transfer.reference)).toBe(1);
      expect(await simulatorBalance()).toBe(balance);
    });

    it('duplicate acknowledgement: the repeat is acknowledged with the same transfer, paid once', async () => {
      await arm({ duplicateAck: true });
      const transfer = transferTo(WALLET, 20_000);
      const first = await rail.send(transfer);
      const again = await rail.send(transfer);
      expect(again).toMatchObject({ status: 'SUCCEEDED', railTransferId: first.railTransferId });
      const atNagad = await sim.control<{ acknowledgements: number; timesPaid: number }>(
        'GET',
        `/__simulator/transfers/${orderIdFor(transfer.reference)}`,
      );
      expect(atNagad.body).toMatchObject({ acknowledgements: 2, timesPaid: 1 });
    });

    it('lost answer: send is in doubt (RAIL_UNAVAILABLE), find tells it was paid', async () => {
      const transfer = transferTo(WALLET, 30_000);
      await arm({ lostAnswer: true }, orderIdFor(transfer.reference));
      const error = await railError(rail.send(transfer));
      expect(error.code).toBe('RAIL_UNAVAILABLE');
      const found = await rail.find(transfer.reference);
      expect(found.status).toBe('SUCCEEDED');
      expect(found.railTransferId).toEqual(expect.any(String));
      expect(await timesPaid(transfer.reference)).toBe(1);
    });

    it('timeout after the money moved: send times out, find tells it was paid', async () => {
      const transfer = transferTo(WALLET, 40_000);
      await arm({ answerDelayMs: IMPATIENT_TIMEOUT_MS * 5 }, orderIdFor(transfer.reference));
      const impatient = railOver(sim.environment, IMPATIENT_TIMEOUT_MS);
      const error = await railError(impatient.send(transfer));
      expect(error.code).toBe('RAIL_UNAVAILABLE');
      expect(await rail.find(transfer.reference)).toMatchObject({ status: 'SUCCEEDED' });
      expect(await timesPaid(transfer.reference)).toBe(1);
    });

    it('an outage before the money moved: send in doubt, find NOT_FOUND, the send after it pays once', async () => {
      const transfer = transferTo(WALLET, 50_000);
      await sim.control('PUT', '/__simulator/outages', { disburse: { forMs: 60_000 } });
      expect((await railError(rail.send(transfer))).code).toBe('RAIL_UNAVAILABLE');
      expect((await rail.find(transfer.reference)).status).toBe('NOT_FOUND');
      await sim.control('PUT', '/__simulator/outages', { disburse: null });
      expect((await rail.send(transfer)).status).toBe('SUCCEEDED');
      expect(await timesPaid(transfer.reference)).toBe(1);
    });

    it('short balance: FAILED with shortBalance, nothing held; after a top-up the same reference pays', async () => {
      await sim.control('PUT', '/__simulator/balance', { availableMinor: 5_000 });
      expect((await rail.balance()).availableMinor).toBe(5_000);
      const transfer = transferTo(WALLET, 10_000);
      expect(await rail.send(transfer)).toMatchObject({
        status: 'FAILED',
        reasonCode: 'INSUFFICIENT_BALANCE',
        shortBalance: true,
      });
      expect((await rail.find(transfer.reference)).status).toBe('NOT_FOUND');

      const topped = await sim.control('POST', '/__simulator/balance/top-up', { amountMinor: 10_000 });
      expect(topped.body).toMatchObject({ availableMinor: 15_000 });
      expect((await rail.balance()).availableMinor).toBe(15_000);
      expect((await rail.send(transfer)).status).toBe('SUCCEEDED');
      expect((await rail.balance()).availableMinor).toBe(5_000 - nagadDisbursementFeeMinor(10_000));
    });

    it('the short-balance fault declines whatever the balance holds', async () => {
      await arm({ shortBalance: true });
      const result = await rail.send(transferTo(WALLET, 10_000));
      expect(result).toMatchObject({
        status: 'FAILED',
        reasonCode: 'INSUFFICIENT_BALANCE',
        shortBalance: true,
      });
    });

    it('wallet not found and blocked: FAILED with their reasons, nothing paid', async () => {
      const absent = transferTo(TEST_WALLETS.absent, 10_000);
      const blocked = transferTo(TEST_WALLETS.blocked, 10_000);
      expect(await rail.send(absent)).toMatchObject({ status: 'FAILED', reasonCode: 'WALLET_NOT_FOUND' });
      expect(await rail.send(blocked)).toMatchObject({ status: 'FAILED', reasonCode: 'WALLET_BLOCKED' });
      const byFault = transferTo(WALLET, 10_000);
      await arm({ walletBlocked: true }, orderIdFor(byFault.reference));
      const result = await rail.send(byFault);
      expect(result).toMatchObject({ status: 'FAILED', reasonCode: 'WALLET_BLOCKED' });
      expect(result.shortBalance).toBeUndefined();
      for (const transfer of [absent, blocked, byFault]) expect(await timesPaid(transfer.reference)).toBe(0);
    });

    it("a wallet's limits per transfer and per day, lower for an unverified wallet", async () => {
      expect(await rail.send(transferTo(WALLET, 2_500_001))).toMatchObject({
        status: 'FAILED',
        reasonCode: 'LIMIT_EXCEEDED',
      });
      expect((await rail.send(transferTo(WALLET, 2_500_000))).status).toBe('SUCCEEDED');
      expect((await rail.send(transferTo(WALLET, 2_500_000))).status).toBe('SUCCEEDED');
      expect(await rail.send(transferTo(WALLET, 100))).toMatchObject({
        status: 'FAILED',
        reasonCode: 'LIMIT_EXCEEDED',
      });
      expect(await rail.send(transferTo(TEST_WALLETS.unverified, 500_001))).toMatchObject({
        status: 'FAILED',
        reasonCode: 'LIMIT_EXCEEDED',
      });
      expect((await rail.send(transferTo(TEST_WALLETS.unverified, 500_000))).status).toBe('SUCCEEDED');
    });

    it("a bad signature on Nagad's answer is a protocol error; find, once answers verify, tells the truth", async () => {
      const transfer = transferTo(WALLET, 10_000);
      await arm({ badSignature: true }, orderIdFor(transfer.reference));
      expect((await railError(rail.send(transfer))).code).toBe('RAIL_PROTOCOL_ERROR');
      expect((await railError(rail.find(transfer.reference))).code).toBe('RAIL_PROTOCOL_ERROR');
      await sim.control('DELETE', '/__simulator/faults');
      expect((await rail.find(transfer.reference)).status).toBe('SUCCEEDED');
      expect(await timesPaid(transfer.reference)).toBe(1);
    });

    it('a merchant Nagad does not know is refused (RAIL_REJECTED)', async () => {
      const stranger = railOver({ ...sim.environment, NAGAD_DISBURSEMENT_TEST_MERCHANT_ID: '999999999' });
      const error = await railError(stranger.balance());
      expect(error).toMatchObject({ code: 'RAIL_REJECTED', details: { reason: 'INVALID_MERCHANT' } });
    });
  });
});
