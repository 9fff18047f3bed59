import { toDecimalString } from '../../../domain/shared/money.js';
import { STATUS, dhakaDateTime } from '../protocol.js';
import { NagadRefusal } from './context.js';
import type { Simulator } from './context.js';
import { verifyStatus } from './state.js';

/** `GET verify/payment/{paymentRefId}`: plain, unsigned JSON, shaped like a real answer. */

/** "000" is Success's code in real answers; the others are ours. */
const STATUS_CODES: Record<string, string> = {
  Success: '000',
  Aborted: '001',
  Failed: '002',
  Pending: '003',
};

function maskedMobile(merchantMobile: string): string {
  return `${merchantMobile.slice(0, 3)}*****${merchantMobile.slice(-3)}`;
}

/** An order's first verify after the customer finished it, which the verifyUnavailableOnce fault fails. */
export function verifyUnavailableOnce(simulator: Simulator, paymentRefId: string): boolean {
  const order = simulator.state.orders.get(paymentRefId);
  return (
    order !== undefined &&
    order.payment !== null &&
    simulator.faults.spend('verifyUnavailableOnce', order.orderId)
  );
}

export function verifyPayment(simulator: Simulator, paymentRefId: string): Record<string, unknown> {
  const order = simulator.state.orders.get(paymentRefId);
  const merchant = order && simulator.merchants.get(order.merchantId);
  if (!order || !merchant) throw new NagadRefusal('INVALID_PAYMENT_REFERENCE', 'paymentRefId is unknown');
  const payment = order.payment;
  const status = verifyStatus(order, simulator.now());
  const amountMinor = payment?.amountMinor ?? order.checkout?.amountMinor ?? null;
  const settled = payment !== null && status !== STATUS.PENDING;
  const paidAt = payment ? dhakaDateTime(new Date(payment.paidAtMs)) : null;
  const additional = order.checkout?.additionalMerchantInfo ?? null;
  return {
    merchantId: order.merchantId,
    orderId: order.orderId,
    paymentRefId: order.paymentReferenceId,
    amount: amountMinor === null ? null : toDecimalString(amountMinor, 'BDT'),
    // The simulator has no customer; a masked test number stands in for the payer's.
    clientMobileNo: payment ? maskedMobile('01700000000') : null,
    merchantMobileNo: merchant.merchantMobile,
    orderDateTime: order.orderDateTime,
    issuerPaymentDateTime: settled ? paidAt : null,
    issuerPaymentRefNo: settled ? payment.issuerPaymentRefNo : null,
    additionalMerchantInfo: additional === null ? null : JSON.stringify(additional),
    status,
    statusCode: STATUS_CODES[status] ?? '',
    cancelIssuerDateTime: settled && status === STATUS.ABORTED ? paidAt : null,
    cancelIssuerRefNo: null,
  };
}
