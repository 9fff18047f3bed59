import type { PaymentMethodReading, PaymentMethodType } from '../../domain/payments/payment-method-type.js';

/** A manual receipt's method (domain/payments/manual-receipts.ts RECEIPT_METHODS). */
const METHODS: Readonly<Record<string, PaymentMethodType>> = {
  BANK_TRANSFER: 'BANK_TRANSFER',
  CASH: 'CASH',
  CHEQUE: 'CHEQUE',
};

/** The receipt's method, whole. */
export const MANUAL_PAYMENT_METHODS: PaymentMethodReading = { table: METHODS, key: 'whole' };
