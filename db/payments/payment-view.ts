import type { Currency } from '../../domain/shared/money.js';
import { formatMoney } from '../../domain/shared/money.js';
import type { Payment } from '../../platform/orm/entities.js';

/** The payment as apps see it, in API responses and webhook payloads alike. */
export function paymentView(p: Payment, checkoutUrl: string) {
  return {
    id: p.id,
    reference: p.reference,
    status: p.status,
    amountMinor: p.amountMinor,
    currency: p.currency,
    amountFormatted: formatMoney(p.amountMinor, p.currency as Currency),
    refundedMinor: p.refundedMinor,
    customerReference: p.customerReference,
    customerEmail: p.customerEmail,
    customerPhone: p.customerPhone,
    customerName: p.customerName,
    productName: p.productName,
    invoiceId: p.invoiceId,
    orderId: p.orderId,
    metadata: p.metadata,
    gateway: p.gateway,
    gatewayTransactionId: p.gatewayTransactionId,
    paymentMethod: p.paymentMethod,
    paymentMethodType: p.paymentMethodType,
    failureReason: p.failureReason,
    returnUrl: p.returnUrl,
    cancelUrl: p.cancelUrl,
    checkoutUrl,
    mode: p.mode,
    expiresAt: p.expiresAt.toISOString(),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    settledAt: p.settledAt?.toISOString() ?? null,
  };
}

export type PaymentView = ReturnType<typeof paymentView>;

export function checkoutUrlFor(publicUrl: string, reference: string): string {
  return `${publicUrl.replace(/\/$/, '')}/checkout/${reference}`;
}
