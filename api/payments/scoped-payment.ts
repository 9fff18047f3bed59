import type { EntityManager } from '@mikro-orm/postgresql';
import { findScopedPayment, type AppScope } from '../../db/payments/payments.js';
import { ApiError } from '../../domain/shared/errors.js';
import { paymentIdParam } from './payment-schemas.js';

/** The app's own payment (its mode only) by id or reference; anything else is 404 PAYMENT_NOT_FOUND. */
export async function scopedPaymentOr404(em: EntityManager, scope: AppScope, rawId: string) {
  const id = paymentIdParam.safeParse(rawId);
  const payment = id.success ? await findScopedPayment(em, scope, id.data) : null;
  if (!payment) throw new ApiError('PAYMENT_NOT_FOUND');
  return payment;
}
