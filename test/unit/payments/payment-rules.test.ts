import { judgeAttempts, judgeCapture } from '../../../domain/payments/confirmation.js';
import { canTransition, statusesLeadingTo } from '../../../domain/payments/payment-status.js';
import type { GatewayTransaction } from '../../../gateways/types.js';
import { hashSecret, issueCredential, secretMatches } from '../../../domain/apps/credentials.js';

const expected = { reference: 'pay_abc', amountMinor: 10000, currency: 'BDT' };
const tx = (overrides: Partial<GatewayTransaction> = {}): GatewayTransaction => ({
  outcome: 'SUCCEEDED',
  gatewayStatus: 'VALID',
  reference: 'pay_abc',
  amountMinor: 10000,
  currency: 'BDT',
  validationId: 'val_1',
  gatewayTransactionId: 'bank_1',
  riskLevel: 0,
  feeMinor: null,
  raw: {},
  ...overrides,
});

describe('payment lifecycle', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition('CREATED', 'PENDING')).toBe(true);
    expect(canTransition('PENDING', 'SUCCEEDED')).toBe(true);
    expect(canTransition('CREATED', 'SUCCEEDED')).toBe(false);
    expect(canTransition('EXPIRED', 'SUCCEEDED')).toBe(false);
    expect(canTransition('SUCCEEDED', 'FAILED')).toBe(false);
    expect(statusesLeadingTo('SUCCEEDED')).toEqual(['PENDING']);
    expect(statusesLeadingTo('EXPIRED')).toEqual(['CREATED', 'PENDING']);
  });
});

describe('confirmation by the gateway', () => {
  it('succeeds only when status, reference, amount and currency all match', () => {
    expect(judgeCapture(expected, tx()).kind).toBe('SUCCEEDED');
    expect(judgeCapture(expected, tx({ gatewayStatus: 'VALIDATED' })).kind).toBe('SUCCEEDED');
    expect(
      judgeCapture(expected, tx({ outcome: 'UNKNOWN', gatewayStatus: 'INVALID_TRANSACTION' })).kind,
    ).toBe('UNCONFIRMED');
    expect(judgeCapture(expected, tx({ reference: 'pay_other' })).kind).toBe('UNCONFIRMED');
    expect(judgeCapture(expected, tx({ amountMinor: 9999 }))).toMatchObject({
      kind: 'CAPTURED_MISMATCH',
      reason: expect.stringMatching(/^AMOUNT_MISMATCH/),
    });
    expect(judgeCapture(expected, tx({ currency: 'USD' }))).toMatchObject({
      kind: 'CAPTURED_MISMATCH',
      reason: expect.stringMatching(/^CURRENCY_MISMATCH/),
    });
    expect(judgeCapture(expected, tx({ riskLevel: 1 }))).toMatchObject({
      kind: 'CAPTURED_MISMATCH',
      reason: expect.stringMatching(/^RISK_FLAGGED/),
    });
  });

  it('reads a transaction query: any matching capture wins, then the latest failure', () => {
    expect(judgeAttempts(expected, []).kind).toBe('UNCONFIRMED');
    expect(judgeAttempts(expected, [tx({ outcome: 'FAILED', gatewayStatus: 'FAILED' }), tx()]).kind).toBe(
      'SUCCEEDED',
    );
    expect(judgeAttempts(expected, [tx({ outcome: 'CANCELLED', gatewayStatus: 'CANCELLED' })]).kind).toBe(
      'CANCELLED',
    );
    expect(judgeAttempts(expected, [tx({ outcome: 'FAILED', gatewayStatus: 'FAILED' })]).kind).toBe('FAILED');
    expect(judgeAttempts(expected, [tx({ outcome: 'PENDING', gatewayStatus: 'PENDING' })]).kind).toBe(
      'UNCONFIRMED',
    );
  });
});

describe('credentials', () => {
  it('issues mode-prefixed keys and long secrets, and verifies only the right secret', () => {
    const issued = issueCredential('TEST');
    expect(issued.apiKey).toMatch(/^oi_test_[0-9a-z]{24}$/);
    expect(Buffer.from(issued.secret.split('_sk_')[1]!, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(issueCredential('LIVE').apiKey).toMatch(/^oi_live_/);
    const stored = hashSecret(issued.secret, 'pepper-aaaaaaaaaaaaaaaa');
    expect(stored).not.toContain(issued.secret);
    expect(secretMatches(issued.secret, stored, 'pepper-aaaaaaaaaaaaaaaa')).toBe(true);
    expect(secretMatches(issued.secret + 'x', stored, 'pepper-aaaaaaaaaaaaaaaa')).toBe(false);
    expect(secretMatches(issued.secret, stored, 'another-pepper-bbbbbbbb')).toBe(false);
  });
});
