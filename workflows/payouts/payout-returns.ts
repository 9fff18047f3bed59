import { startDelivery } from '../webhooks/delivery.js';
import { returnChecks } from './payout-returns-options.js';

/**
 * Run by the `payout-returns-<task queue>` schedule: paid payouts a rail may still send back are
 * asked about, each one returned is reopened as RETURNED, and its `payout.returned` delivered.
 */
export async function payoutReturnsWorkflow(): Promise<{ asked: number; returned: number }> {
  const { asked, returned, eventIds } = await returnChecks.checkPayoutReturns();
  for (const eventId of eventIds) await startDelivery(eventId);
  return { asked, returned };
}
