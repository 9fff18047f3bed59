import {
  abandonedGatewayAttention,
  abandonedGatewayCallbackKey,
  raisedAttention,
} from '../../../domain/payments/abandoned-gateways.js';
import { attentionKindOf } from '../../../domain/payments/attention.js';

describe('a callback from a gateway the payment left at checkout', () => {
  const reason = abandonedGatewayAttention({
    gateway: 'sslcommerz',
    currentGateway: 'bkash',
    claimedStatus: 'VALID',
  });

  it('says what came from where and what to do, under its own attention kind', () => {
    expect(reason).toBe(
      'ABANDONED_GATEWAY_CALLBACK: sslcommerz sent VALID for this payment after checkout moved to bkash; ' +
        'check at sslcommerz and refund there',
    );
    expect(attentionKindOf(reason)).toBe('ABANDONED_GATEWAY_CALLBACK');
  });

  it("is kept apart from the current gateway's callbacks, once per confirmation key and status", () => {
    const key = abandonedGatewayCallbackKey({
      paymentId: 7,
      gateway: 'sslcommerz',
      confirmationKey: 'val-1',
      claimedStatus: 'VALID',
    });
    expect(key).toBe('7:left:sslcommerz:val-1:VALID');
    expect(key).not.toBe(
      abandonedGatewayCallbackKey({
        paymentId: 7,
        gateway: 'sslcommerz',
        confirmationKey: 'val-1',
        claimedStatus: 'FAILED',
      }),
    );
  });

  it('joins an open flag without hiding its reason, and is not added twice', () => {
    expect(raisedAttention({ attentionReason: null, attentionResolvedAt: null }, reason)).toBe(reason);
    const open = { attentionReason: 'AMOUNT_MISMATCH: captured 90.00', attentionResolvedAt: null };
    const joined = raisedAttention(open, reason);
    expect(joined).toBe(`AMOUNT_MISMATCH: captured 90.00; ${reason}`);
    expect(attentionKindOf(joined)).toBe('AMOUNT_MISMATCH');
    expect(raisedAttention({ ...open, attentionReason: joined }, reason)).toBe(joined);
    expect(raisedAttention({ ...open, attentionResolvedAt: new Date() }, reason)).toBe(reason);
  });
});
