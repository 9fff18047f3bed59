import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { disputedMinor } from '../../../db/disputes/disputes.js';
import { findPaymentForOperators } from '../../../db/payments/payment-admin.js';
import { refundsOfPayment } from '../../../db/refunds/refunds.js';
import { refundDelivery } from '../../../db/refunds/refund-view.js';
import { formatMoney, isCurrency } from '../../../domain/shared/money.js';
import { isRefundablePaymentStatus, refundableMinor } from '../../../domain/refunds/refunds.js';
import type { RouteDeps } from '../../deps.js';
import { refundDestinationChoices } from './refund-destinations.js';

/** What a payment's page shows about refunding it: what is left to refund, and its refunds so far. */
export async function paymentRefunds(deps: RouteDeps, paymentReference: string) {
  const db = deps.orm.em.fork() as EntityManager;
  const payment = await findPaymentForOperators(db, paymentReference);
  if (!payment) return null;
  const [refunds, disputed] = await Promise.all([
    refundsOfPayment(db.fork(), payment.id),
    disputedMinor(db.fork(), payment.id),
  ]);
  const ofCapture = refunds.filter((r) => r.funds === 'CAPTURED');
  const refundable = isRefundablePaymentStatus(payment.status)
    ? refundableMinor({ ...payment, disputedMinor: disputed }, ofCapture)
    : 0;
  const format = (minor: number) =>
    isCurrency(payment.currency) ? formatMoney(minor, payment.currency) : `${minor} ${payment.currency}`;
  return {
    paymentReference: payment.reference,
    status: payment.status,
    mode: payment.mode,
    gateway: payment.gateway,
    currency: payment.currency,
    refundableMinor: refundable,
    refundableFormatted: format(refundable),
    destinations: refundDestinationChoices(deps, payment),
    refunds: refunds.map((r) => ({
      reference: r.reference,
      status: r.status,
      amountFormatted: format(r.amountMinor),
      reason: r.reason,
      route: refundDelivery(r).route,
      rail: refundDelivery(r).rail,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

export type PaymentRefunds = NonNullable<Awaited<ReturnType<typeof paymentRefunds>>>;

/** A fresh token for one drawing of the refund form: the same form sent twice takes one refund. */
export const newRefundFormToken = () => randomBytes(16).toString('base64url');
