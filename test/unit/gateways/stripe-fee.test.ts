import type Stripe from 'stripe';
import { toTransaction } from '../../../gateways/stripe/mapping.js';

/** Stripe's fee is read from the charge's balance transaction, when it is booked in the charge's currency. */
describe("Stripe's fee at capture", () => {
  const session = (balanceTransaction: unknown) =>
    ({
      id: 'cs_test_1',
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      amount_total: 2500,
      currency: 'usd',
      client_reference_id: 'pay_x',
      metadata: {},
      payment_intent: {
        id: 'pi_1',
        object: 'payment_intent',
        status: 'succeeded',
        last_payment_error: null,
        latest_charge: {
          id: 'ch_1',
          object: 'charge',
          outcome: { risk_level: 'normal' },
          payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', wallet: null } },
          balance_transaction: balanceTransaction,
        },
      },
    }) as unknown as Stripe.Checkout.Session;

  it("takes the balance transaction's fee", () => {
    const transaction = toTransaction(
      session({ id: 'txn_1', object: 'balance_transaction', currency: 'usd', fee: 103 }),
    );
    expect(transaction.feeMinor).toBe(103);
    expect(transaction.raw).toMatchObject({ balanceTransaction: 'txn_1' });
  });

  it('takes none when the balance transaction is not there, not expanded, or in another currency', () => {
    expect(toTransaction(session(null)).feeMinor).toBeNull();
    expect(toTransaction(session('txn_1')).feeMinor).toBeNull();
    expect(toTransaction(session({ id: 'txn_1', currency: 'eur', fee: 95 })).feeMinor).toBeNull();
    expect(toTransaction(session({ id: 'txn_1', currency: 'usd', fee: -1 })).feeMinor).toBeNull();
  });
});
