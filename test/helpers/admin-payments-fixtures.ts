import type { Credentials, Stack } from './stack.js';
import { eventually } from './stack.js';

/** Real payments for the operator views: created by the app API, paid through the simulator. */

export async function paidPayment(stack: Stack, creds: Credentials, overrides: Record<string, unknown> = {}) {
  const payment = await stack.createPayment(creds, overrides);
  await stack.openCheckout(payment.reference);
  await stack.completeAtGateway(payment.reference, 'VALID');
  await eventually(
    async () => (await stack.readPayment(creds, payment.reference)).status === 'SUCCEEDED',
    20_000,
    `${payment.reference} SUCCEEDED`,
  );
  return payment;
}

/** Waits until the payment's webhook event has reached a final delivery status. */
export async function deliveredEvent(stack: Stack, reference: string) {
  return eventually(
    async () => {
      const rows = await stack
        .em()
        .getConnection()
        .execute<Array<{ id: string; delivery_status: string }>>(
          'select id, delivery_status from events where source_id = ? order by created_at',
          [reference],
        );
      const event = rows[0];
      return event && event.delivery_status !== 'PENDING' ? event : null;
    },
    20_000,
    `webhook event of ${reference} delivered`,
  );
}
