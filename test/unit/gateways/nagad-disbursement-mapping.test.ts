import { generateKeyPairSync } from 'node:crypto';
import {
  declinedTransfer,
  isDecline,
  orderIdFor,
  sameName,
  toBeneficiaryCheck,
  toTransferResult,
} from '../../../gateways/nagad/disbursement/mapping.js';
import { DECLINE_REASONS } from '../../../gateways/nagad/disbursement/protocol.js';
import {
  createNagadDisbursementRail,
  nagadDisbursementCredentialsFromEnvironment,
  nagadDisbursementUrl,
} from '../../../gateways/nagad/disbursement/settings.js';

describe('Nagad disbursement mapping', () => {
  it('carries our payout reference as an orderId of letters and digits', () => {
    expect(orderIdFor('po_0123456789abcdefghjk')).toBe('po0123456789abcdefghjk');
    expect(() => orderIdFor('po-1')).toThrow(RangeError);
    expect(() => orderIdFor('')).toThrow(RangeError);
    expect(() => orderIdFor(`po_${'a'.repeat(60)}`)).toThrow(RangeError);
  });

  it("gives each of Nagad's declines a stable reasonCode; only a short balance queues", () => {
    expect(declinedTransfer(DECLINE_REASONS.INSUFFICIENT_BALANCE, 'short')).toMatchObject({
      status: 'FAILED',
      reasonCode: 'INSUFFICIENT_BALANCE',
      shortBalance: true,
      railTransferId: null,
    });
    const cases: Array<[string, string]> = [
      [DECLINE_REASONS.ACCOUNT_NOT_FOUND, 'WALLET_NOT_FOUND'],
      [DECLINE_REASONS.ACCOUNT_BLOCKED, 'WALLET_BLOCKED'],
      [DECLINE_REASONS.TXN_LIMIT_EXCEEDED, 'LIMIT_EXCEEDED'],
      [DECLINE_REASONS.DAILY_LIMIT_EXCEEDED, 'LIMIT_EXCEEDED'],
      [DECLINE_REASONS.AMOUNT_TOO_SMALL, 'AMOUNT_TOO_SMALL'],
    ];
    for (const [reason, reasonCode] of cases) {
      const result = declinedTransfer(reason, 'words');
      expect(result).toMatchObject({ status: 'FAILED', reasonCode, reason: 'words' });
      expect(result.shortBalance).toBeUndefined();
      expect(isDecline(reason)).toBe(true);
    }
    // A request Nagad refuses outright is not a decline of the transfer.
    expect(isDecline('INVALID_SENSITIVE_DATA')).toBe(false);
    expect(isDecline('DUPLICATE_ORDER_ID')).toBe(false);
  });

  it("reads a transfer's status; an unknown word keeps the payout waiting", () => {
    const answer = { orderId: 'po1', issuerTxnId: 'ABC123', amount: '10.00', fee: '0.50' };
    expect(toTransferResult({ ...answer, status: 'COMPLETED' }, {})).toMatchObject({
      status: 'SUCCEEDED',
      railTransferId: 'ABC123',
      feeMinor: 50,
    });
    expect(toTransferResult({ ...answer, status: 'NOT_FOUND' }, {})).toMatchObject({
      status: 'NOT_FOUND',
      railTransferId: null,
    });
    expect(toTransferResult({ ...answer, status: 'FAILED' }, {}).status).toBe('FAILED');
    expect(toTransferResult({ ...answer, status: 'PROCESSING' }, {}).status).toBe('PROCESSING');
    expect(toTransferResult({ ...answer, status: 'Reversed?' }, {}).status).toBe('PROCESSING');
    expect(toTransferResult({ ...answer, status: 'COMPLETED', fee: 'n/a' }, {}).feeMinor).toBeNull();
  });

  it('reads an account check: blocked, a name the app got wrong, verified', () => {
    const account = { accountNo: '01712345678', accountName: 'Rahima Akter', kycStatus: 'FULL_KYC' };
    expect(toBeneficiaryCheck({ ...account, accountStatus: 'BLOCKED' }, null, {}).status).toBe('BLOCKED');
    expect(toBeneficiaryCheck({ ...account, accountStatus: 'ACTIVE' }, 'Karim', {}).status).toBe(
      'NAME_MISMATCH',
    );
    expect(toBeneficiaryCheck({ ...account, accountStatus: 'ACTIVE' }, 'RAHIMA  AKTER', {})).toMatchObject({
      status: 'VERIFIED',
      accountHolderName: 'Rahima Akter',
      kycStatus: 'FULL_KYC',
    });
    expect(sameName('Md. Karim', 'md karim')).toBe(true);
    expect(sameName('Karim', 'Rahim')).toBe(false);
  });
});

describe('Nagad disbursement settings', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const env = {
    NAGAD_DISBURSEMENT_TEST_MERCHANT_ID: '683002007104225',
    // As an env file carries a PEM: its line breaks written \n.
    NAGAD_DISBURSEMENT_TEST_MERCHANT_PRIVATE_KEY: privatePem.replace(/\n/g, '\\n'),
    NAGAD_DISBURSEMENT_TEST_PUBLIC_KEY: publicPem,
  };

  it('TEST defaults to the local simulator; LIVE has no default', () => {
    expect(nagadDisbursementUrl({}, 'TEST')).toBe(
      'http://localhost:8081/nagad-disbursement/disbursement-api-1.0/api/dfs',
    );
    expect(nagadDisbursementUrl({ SIMULATOR_PUBLIC_URL: 'http://sims:9000/' }, 'TEST')).toBe(
      'http://sims:9000/nagad-disbursement/disbursement-api-1.0/api/dfs',
    );
    expect(
      nagadDisbursementUrl({ NAGAD_DISBURSEMENT_SANDBOX_URL: 'https://sandbox.example/dfs' }, 'TEST'),
    ).toBe('https://sandbox.example/dfs');
    expect(nagadDisbursementUrl({}, 'LIVE')).toBeNull();
    expect(nagadDisbursementUrl({ NAGAD_DISBURSEMENT_LIVE_URL: 'https://live.example/dfs' }, 'LIVE')).toBe(
      'https://live.example/dfs',
    );
  });

  it('reads credentials per mode, all or none, and refuses unreadable keys', () => {
    expect(nagadDisbursementCredentialsFromEnvironment(env, 'TEST')).toMatchObject({
      merchantId: '683002007104225',
      merchantPrivateKeyPem: expect.stringContaining('\n') as unknown,
    });
    expect(nagadDisbursementCredentialsFromEnvironment(env, 'LIVE')).toBeNull();
    const { NAGAD_DISBURSEMENT_TEST_PUBLIC_KEY: _public, ...half } = env;
    expect(nagadDisbursementCredentialsFromEnvironment(half, 'TEST')).toBeNull();
    expect(
      nagadDisbursementCredentialsFromEnvironment(
        { ...env, NAGAD_DISBURSEMENT_TEST_PUBLIC_KEY: 'not a key' },
        'TEST',
      ),
    ).toBeNull();
  });

  it('builds the rail, and refuses a LIVE rail without its address or a bad timeout', () => {
    const credentials = nagadDisbursementCredentialsFromEnvironment(env, 'TEST')!;
    expect(createNagadDisbursementRail({ credentials, mode: 'TEST', env }).describe().name).toBe('nagad');
    expect(() => createNagadDisbursementRail({ credentials, mode: 'LIVE', env })).toThrow(
      /NAGAD_DISBURSEMENT_LIVE_URL/,
    );
    expect(() =>
      createNagadDisbursementRail({
        credentials,
        mode: 'TEST',
        env: { ...env, NAGAD_DISBURSEMENT_TIMEOUT_MS: 'soon' },
      }),
    ).toThrow(/NAGAD_DISBURSEMENT_TIMEOUT_MS/);
  });
});
