import type { Stack } from './stack.js';
import { eventually } from './eventually.js';

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
