import type { Server } from 'node:http';
import path from 'node:path';
import { createNagadDisbursementClient } from '../../../gateways/nagad/disbursement/client.js';
import type { NagadDisbursementOptions } from '../../../gateways/nagad/disbursement/client.js';
import { orderIdFor } from '../../../gateways/nagad/disbursement/mapping.js';
import { DISBURSEMENT_BASE_PATH, DISBURSEMENT_PATHS } from '../../../gateways/nagad/disbursement/protocol.js';
import { createNagadDisbursementSimulator } from '../../../gateways/nagad/disbursement/simulator/app.js';
import type { NagadDisbursementSimulator } from '../../../gateways/nagad/disbursement/simulator/app.js';
import { nagadKeys } from '../../../gateways/nagad/simulator/mount.js';
import { nodeHttpTransport } from '../../../platform/http/gateway-transport.js';
import type { GatewayTransport } from '../../../platform/http/gateway-transport.js';
import type { PayoutRail, PayoutTransfer } from '../../../gateways/payouts/rail.js';
import { RailError } from '../../../gateways/payouts/rail.js';
import { loadPrivateKey, loadPublicKey, seal } from '../../../gateways/nagad/crypto.js';
import { API_VERSION, HEADERS } from '../../../gateways/nagad/protocol.js';
import { close, listen } from '../../helpers/local-server.js';

/**
 * The rail's client against the disbursement simulator in this process: what the wire can do to
 * it (garbled, misdirected or failed answers), the simulator's own checks, its fault panel, and
 * what it keeps across a restart.
 */

// The keys the simulator host's tests share (made once, then read).
const keys = nagadKeys(path.resolve(__dirname, '..', '..', '..', '.cache', 'test-simulators'));
const MERCHANT_ID = '683002007104225';
const WALLET = '01712345678';

let simulator: NagadDisbursementSimulator;
let server: Server;
let url: string;
let handler: NagadDisbursementSimulator['app'] | null = null;

function newSimulator(): NagadDisbursementSimulator {
  return createNagadDisbursementSimulator({
    publicUrl: url,
    merchants: [{ merchantId: MERCHANT_ID, publicKeyPem: keys.merchant.publicKeyPem }],
    pgKeyPair: keys.pg,
  });
}

function railWith(overrides: Partial<NagadDisbursementOptions> = {}): PayoutRail {
  return createNagadDisbursementClient({
    baseUrl: `${url}${DISBURSEMENT_BASE_PATH}`,
    merchantId: MERCHANT_ID,
    merchantPrivateKeyPem: keys.merchant.privateKeyPem,
    nagadPublicKeyPem: keys.pg.publicKeyPem,
    clientIp: '203.0.113.10',
    timeoutMs: 2_000,
    transport: nodeHttpTransport,
    ...overrides,
  });
}

beforeAll(async () => {
  ({ server, url } = await listen((req, res) => handler!.callback()(req, res)));
  simulator = newSimulator();
  handler = simulator.app;
});

afterAll(() => close(server));

beforeEach(() => simulator.reset());

let counter = 0;
const transfer = (amountMinor = 10_000): PayoutTransfer => ({
  reference: `po_${String(++counter).padStart(20, '0')}`,
  amountMinor,
  currency: 'BDT',
  beneficiary: { type: 'NAGAD_WALLET', walletNumber: WALLET, name: null },
  narrative: 'Cashback',
});

async function railError(work: Promise<unknown>): Promise<RailError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RailError);
  return error as RailError;
}

/** A transport that answers every call itself, as a broken network or a stranger would. */
const answering =
  (status: number, body: string): GatewayTransport =>
  async () => ({ status, text: async () => body });

describe('Nagad disbursement client on the wire', () => {
  it('a 5xx is RAIL_UNAVAILABLE; something other than JSON is RAIL_PROTOCOL_ERROR', async () => {
    expect((await railError(railWith({ transport: answering(502, 'Bad Gateway') }).balance())).code).toBe(
      'RAIL_UNAVAILABLE',
    );
    expect((await railError(railWith({ transport: answering(200, '<html>') }).balance())).code).toBe(
      'RAIL_PROTOCOL_ERROR',
    );
    expect(
      (
        await railError(
          railWith({ transport: answering(200, '{"sensitiveData":"AAAA","signature":"AAAA"}') }).balance(),
        )
      ).code,
    ).toBe('RAIL_PROTOCOL_ERROR');
  });

  it('an unreachable rail is RAIL_UNAVAILABLE', async () => {
    const rail = railWith({ baseUrl: 'http://127.0.0.1:9/nowhere', timeoutMs: 500 });
    expect((await railError(rail.find('po_1'))).code).toBe('RAIL_UNAVAILABLE');
  });

  it('an answer signed by Nagad but about another order or wallet is refused', async () => {
    const sealedByNagad = (answer: object): GatewayTransport =>
      answering(
        200,
        JSON.stringify(
          seal(JSON.stringify(answer), {
            encryptTo: loadPublicKey(keys.merchant.publicKeyPem),
            signWith: loadPrivateKey(keys.pg.privateKeyPem),
          }),
        ),
      );
    const asked = transfer();
    const orderId = orderIdFor(asked.reference);
    const paid = { status: 'COMPLETED', issuerTxnId: 'ABCDEF1234', amount: '100.00', accountNo: WALLET };
    const other = railWith({ transport: sealedByNagad({ ...paid, orderId: 'po999' }) });
    expect((await railError(other.find(asked.reference))).code).toBe('RAIL_PROTOCOL_ERROR');
    expect((await railError(other.send(asked))).code).toBe('RAIL_PROTOCOL_ERROR');
    const otherWallet = railWith({
      transport: sealedByNagad({ ...paid, orderId, accountNo: '01811111111' }),
    });
    expect((await railError(otherWallet.send(asked))).code).toBe('RAIL_PROTOCOL_ERROR');
    const otherAmount = railWith({ transport: sealedByNagad({ ...paid, orderId, amount: '99.99' }) });
    expect((await railError(otherAmount.send(asked))).code).toBe('RAIL_PROTOCOL_ERROR');
    // The same answer, about the transfer asked for, is believed.
    const right = railWith({ transport: sealedByNagad({ ...paid, orderId }) });
    expect(await right.send(asked)).toMatchObject({ status: 'SUCCEEDED', railTransferId: 'ABCDEF1234' });
  });

  it('a duplicate orderId holding another transfer is a protocol error, never a success', async () => {
    const first = transfer(10_000);
    await railWith().send(first);
    const error = await railError(railWith().send({ ...first, amountMinor: 20_000 }));
    expect(error.code).toBe('RAIL_PROTOCOL_ERROR');
    expect(simulator.state.movements.filter((movement) => movement.kind === 'TRANSFER')).toHaveLength(1);
  });

  it('refuses what Nagad cannot pay before calling it', async () => {
    const rail = railWith({ transport: answering(500, '') });
    const base = transfer();
    for (const bad of [
      { ...base, beneficiary: { type: 'BKASH_WALLET' as const, walletNumber: WALLET, name: null } },
      { ...base, beneficiary: { type: 'NAGAD_WALLET' as const, walletNumber: '12345', name: null } },
      { ...base, amountMinor: 0 },
      { ...base, amountMinor: 10.5 },
      { ...base, reference: 'po-1' },
    ]) {
      expect((await railError(rail.send(bad))).code).toBe('RAIL_REJECTED');
    }
    expect((await railError(rail.find('po-1'))).code).toBe('RAIL_REJECTED');
  });

  it('the longest reference still fits one sealed block in every answer', async () => {
    const long = { ...transfer(2_500_000), reference: `po_${'z'.repeat(47)}` };
    expect((await railWith().send(long)).status).toBe('SUCCEEDED');
    expect((await railWith().find(long.reference)).status).toBe('SUCCEEDED');
  });
});

describe('Nagad disbursement simulator', () => {
  const post = (route: string, headers: Record<string, string>, body: unknown) =>
    fetch(`${url}${DISBURSEMENT_BASE_PATH}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it("refuses requests without Nagad's headers, or not sealed by the merchant", async () => {
    const route = DISBURSEMENT_PATHS.balance(MERCHANT_ID);
    const noVersion = await post(route, {}, {});
    expect(await noVersion.json()).toMatchObject({ reason: 'INVALID_API_VERSION' });
    const headers = {
      [HEADERS.apiVersion]: API_VERSION,
      [HEADERS.clientIp]: '203.0.113.10',
      [HEADERS.clientType]: 'PC_WEB',
    };
    const forged = await post(route, headers, {
      dateTime: '20260101000000',
      sensitiveData: 'AAAA',
      signature: 'AAAA',
    });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ reason: 'INVALID_SENSITIVE_DATA' });
  });

  it('refuses a request stamped with another time than now', async () => {
    const rail = railWith({ now: () => new Date(Date.now() - 3_600_000) });
    expect(await railError(rail.balance())).toMatchObject({
      code: 'RAIL_REJECTED',
      details: { reason: 'INVALID_DATETIME' },
    });
  });

  it('its fault panel tops the balance up, sets a wallet, arms faults', async () => {
    const before = simulator.state.availableMinor;
    expect(
      await simulator.faultPanel.actions.find((a) => a.name === 'top-up')!.run({ amount: '250.50' }),
    ).toBeNull();
    expect(simulator.state.availableMinor).toBe(before + 25_050);
    expect(
      await simulator.faultPanel.actions.find((a) => a.name === 'top-up')!.run({ amount: 'lots' }),
    ).toMatch(/taka/);
    const wallet = simulator.faultPanel.actions.find((a) => a.name === 'wallet')!;
    expect(await wallet.run({ accountNo: WALLET, standing: 'BLOCKED', kycStatus: 'UNVERIFIED' })).toBeNull();
    expect(
      await railWith().checkBeneficiary({ type: 'NAGAD_WALLET', walletNumber: WALLET, name: null }),
    ).toMatchObject({ status: 'BLOCKED', kycStatus: 'UNVERIFIED' });
    expect(simulator.faultPanel.arm('answerDelayMs', '5', null)).toBeNull();
    expect(simulator.faultPanel.armed()).toEqual([
      expect.objectContaining({ name: 'answerDelayMs', value: '5 seconds' }),
    ]);
    expect(simulator.faultPanel.notes()[0]).toContain(`${(before + 25_050) / 100}`);
  });

  it('keeps transfers, balance, wallets and faults across a restart', async () => {
    const paid = transfer(33_300);
    await railWith().send(paid);
    simulator.state.wallets.set('01999999999', {
      exists: false,
      name: 'x',
      kycStatus: 'FULL_KYC',
      status: 'ACTIVE',
    });
    expect(simulator.faultPanel.arm('shortBalance', undefined, null)).toBeNull();
    const saved = simulator.persisted.save();
    const balance = simulator.state.availableMinor;

    const restarted = newSimulator();
    restarted.persisted.restore(saved);
    handler = restarted.app;
    try {
      const rail = railWith();
      expect(await rail.find(paid.reference)).toMatchObject({ status: 'SUCCEEDED' });
      expect((await rail.balance()).availableMinor).toBe(balance);
      expect(
        (await rail.checkBeneficiary({ type: 'NAGAD_WALLET', walletNumber: '01999999999', name: null }))
          .status,
      ).toBe('NOT_FOUND');
      expect((await rail.send(transfer())).reasonCode).toBe('INSUFFICIENT_BALANCE');
    } finally {
      handler = simulator.app;
    }
  });
});
