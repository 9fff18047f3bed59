import {
  claimOfUnsignedReturnKey,
  closeAtExpiry,
  unsignedReturnKey,
  worthCheckingAgain,
} from '../../../domain/payments/unsigned-returns.js';

describe('closing a checkout the gateway still reports open at the end of its window', () => {
  const expired = { kind: 'EXPIRED' as const, reason: 'checkout window ended without a confirmed payment' };

  it('with no return claiming the customer declined, it expires', () => {
    expect(closeAtExpiry(expired, null)).toBe(expired);
  });

  it.each([
    ['CANCELLED', /said it cancelled/],
    ['FAILED', /said it failed/],
  ] as const)("ends %s when the customer's return for our session said so, and says why", (declined, why) => {
    const closed = closeAtExpiry(expired, declined);
    expect(closed.kind).toBe(declined);
    expect(closed.reason).toMatch(/gateway still reporting the checkout open/);
    expect(closed.reason).toMatch(why);
  });
});

describe('whether a stored callback is still worth checking again', () => {
  const forged = unsignedReturnKey({ paymentId: 7, outcome: 'SUCCEEDED', namesSession: true });

  it("reads an unsigned return's claim back from its key; a signed callback's key is none", () => {
    expect(claimOfUnsignedReturnKey(forged)).toEqual({ outcome: 'SUCCEEDED', namesSession: true });
    expect(
      claimOfUnsignedReturnKey(unsignedReturnKey({ paymentId: 7, outcome: 'OTHER', namesSession: false })),
    ).toEqual({ outcome: 'OTHER', namesSession: false });
    expect(claimOfUnsignedReturnKey('7:val-123:VALID')).toBeNull();
  });

  it('an unsigned return while the checkout is open, or a claimed success for a payment closed without money', () => {
    expect(worthCheckingAgain({ dedupeKey: forged, status: 'PENDING' })).toBe(true);
    expect(worthCheckingAgain({ dedupeKey: forged, status: 'EXPIRED' })).toBe(true);
    expect(worthCheckingAgain({ dedupeKey: forged, status: 'SUCCEEDED' })).toBe(false);
    const cancel = unsignedReturnKey({ paymentId: 7, outcome: 'CANCELLED', namesSession: true });
    expect(worthCheckingAgain({ dedupeKey: cancel, status: 'EXPIRED' })).toBe(false);
  });

  it('a signed callback always: its workflow decides what a confirmation means', () => {
    expect(worthCheckingAgain({ dedupeKey: '7:val-123:VALID', status: 'SUCCEEDED' })).toBe(true);
  });
});
