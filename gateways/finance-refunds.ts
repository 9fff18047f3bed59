import type { CheckoutGateway, RefundResult } from './types.js';

/**
 * Refunds of a gateway with no refund API (Nagad, money paid by hand): the refund waits PROCESSING
 * with no gateway id until finance pays the customer back and confirms it; finance's word, and the
 * id it gives, are then the authority.
 */
export function financeConfirmedRefunds(
  howToRefund: string,
): Pick<CheckoutGateway, 'refund' | 'queryRefund'> {
  return {
    async refund(): Promise<RefundResult> {
      return { status: 'PROCESSING', gatewayRefundId: null, reason: howToRefund, raw: { refunds: 'MANUAL' } };
    },
    async queryRefund({ gatewayRefundId }): Promise<RefundResult> {
      return {
        status: 'SUCCEEDED',
        gatewayRefundId,
        reason: 'confirmed by finance',
        raw: { refunds: 'MANUAL' },
      };
    },
  };
}
