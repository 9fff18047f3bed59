import Stripe from 'stripe';
import {
  identifyStripeDispute,
  isIgnoredStripeEvent,
  verifyStripeDisputeNotice,
} from '../../../gateways/stripe/inbound.js';
import { toGatewayDispute } from '../../../gateways/stripe/mapping.js';
import type { InboundRequest } from '../../../gateways/types.js';

const SECRET = 'whsec_oipay_dispute_test';
const stripe = new Stripe('sk_test_oipay_dispute_test');
const NOW = 1_780_000_000;

const dispute = (status: string) =>
  ({
    id: 'du_1',
    object: 'dispute',
    amount: 2500,
    currency: 'usd',
    charge: 'ch_1',
    payment_intent: 'pi_1',
    reason: 'fraudulent',
    status,
  }) as unknown as Stripe.Dispute;

function notice(type: string, options: { secret?: string; body?: string } = {}): InboundRequest {
  const rawBody =
    options.body ??
    JSON.stringify({ id: 'evt_1', object: 'event', type, data: { object: dispute('needs_response') } });
  const signature = stripe.webhooks.generateTestHeaderString({
    payload: rawBody,
    secret: options.secret ?? SECRET,
    timestamp: NOW,
  });
  return { kind: 'NOTIFICATION', query: {}, form: {}, headers: { 'Stripe-Signature': signature }, rawBody };
}

const verify = (request: InboundRequest) =>
  verifyStripeDisputeNotice(request, {
    webhooks: stripe.webhooks,
    webhookSecret: SECRET,
    now: () => NOW * 1000,
  });

describe("Stripe's dispute notices", () => {
  it('are taken, not ignored, and name the PaymentIntent before anything is verified', () => {
    for (const type of ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed']) {
      expect(isIgnoredStripeEvent(notice(type))).toBe(false);
      expect(identifyStripeDispute(notice(type))).toEqual({ gatewayTransactionId: 'pi_1' });
    }
    expect(isIgnoredStripeEvent(notice('charge.refunded'))).toBe(true);
    expect(identifyStripeDispute(notice('charge.refunded'))).toBeNull();
    expect(identifyStripeDispute(notice('charge.dispute.created', { body: '{not json' }))).toBeNull();
  });

  it('count only when signed with the endpoint secret, and then name only the dispute', () => {
    expect(verify(notice('charge.dispute.closed'))).toEqual({
      accepted: true,
      gatewayDisputeId: 'du_1',
      // What the signed event says, kept for finance when no payment of ours has its PaymentIntent.
      snapshot: {
        eventId: 'evt_1',
        eventType: 'charge.dispute.closed',
        gatewayTransactionId: 'pi_1',
        amountMinor: 2500,
        currency: 'USD',
        reason: 'fraudulent',
        gatewayStatus: 'needs_response',
      },
    });
    expect(verify(notice('charge.dispute.closed', { secret: `${SECRET}_other` }))).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/^bad signature/),
    });
    expect(verify(notice('checkout.session.completed'))).toEqual({
      accepted: false,
      reason: 'not a dispute event',
    });
  });

  it("read Stripe's statuses into OPEN, WON and LOST", () => {
    const statusOf = (status: string) => toGatewayDispute(dispute(status)).status;
    for (const open of ['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review'])
      expect(statusOf(open)).toBe('OPEN');
    for (const won of ['won', 'warning_closed', 'prevented']) expect(statusOf(won)).toBe('WON');
    expect(statusOf('lost')).toBe('LOST');
    expect(toGatewayDispute(dispute('lost'))).toMatchObject({
      gatewayDisputeId: 'du_1',
      gatewayTransactionId: 'pi_1',
      amountMinor: 2500,
      currency: 'USD',
      reason: 'fraudulent',
      gatewayStatus: 'lost',
    });
  });

  it("read Stripe's dispute fee from the dispute's balance transactions, in its own currency only", () => {
    const txn = (fee: number, currency = 'usd') => ({ object: 'balance_transaction', fee, currency });
    const withTxns = (...txns: object[]) =>
      ({ ...dispute('needs_response'), balance_transactions: txns }) as unknown as Stripe.Dispute;
    expect(toGatewayDispute(dispute('warning_needs_response')).feeMinor).toBeNull();
    expect(toGatewayDispute(withTxns(txn(1500))).feeMinor).toBe(1500);
    // Won: the reinstatement returns the amount without a fee; the fee stays charged.
    expect(toGatewayDispute(withTxns(txn(1500), txn(0))).feeMinor).toBe(1500);
    expect(toGatewayDispute(withTxns(txn(1200, 'eur'))).feeMinor).toBeNull();
  });
});
