import { closingNeedsGatewayAnswer } from '../../../domain/payments/checkout-closing.js';
import type { Outcome } from '../../../domain/payments/outcome.js';

const expired: Outcome = { kind: 'EXPIRED', reason: 'checkout window ended' };
const cancelled: Outcome = { kind: 'CANCELLED', reason: 'customer cancelled at checkout' };
const opened = { status: 'PENDING' as const, gatewaySessionKey: 'sess_1', gatewayPageUrl: 'https://gw/pay' };
const unopened = { status: 'CREATED' as const, gatewaySessionKey: null, gatewayPageUrl: null };

describe('closing a checkout on our own clock', () => {
  it('asks the gateway first when the row shows the customer reached it', () => {
    expect(closingNeedsGatewayAnswer(opened, expired, null)).toBe(true);
    expect(closingNeedsGatewayAnswer(opened, cancelled, null)).toBe(true);
    // PENDING alone is the row's word that the checkout was opened.
    expect(closingNeedsGatewayAnswer({ ...opened, gatewaySessionKey: null }, expired, null)).toBe(true);
    expect(closingNeedsGatewayAnswer({ ...unopened, gatewaySessionKey: 'sess_1' }, expired, null)).toBe(true);
  });

  it('closes a checkout nobody opened without asking', () => {
    expect(closingNeedsGatewayAnswer(unopened, expired, null)).toBe(false);
    expect(closingNeedsGatewayAnswer(unopened, cancelled, undefined)).toBe(false);
  });

  it("needs no question for a callback's outcome, the gateway's own answers, or a closed payment", () => {
    expect(closingNeedsGatewayAnswer(opened, expired, 42)).toBe(false);
    expect(closingNeedsGatewayAnswer(opened, { kind: 'FAILED', reason: 'declined' }, null)).toBe(false);
    expect(closingNeedsGatewayAnswer(opened, { kind: 'UNCONFIRMED', reason: 'in progress' }, null)).toBe(
      false,
    );
    expect(closingNeedsGatewayAnswer({ ...opened, status: 'EXPIRED' }, expired, null)).toBe(false);
  });
});
