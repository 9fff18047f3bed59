import type { EntityManager } from '@mikro-orm/postgresql';
import { heartbeat } from '@temporalio/activity';
import { selectPayouts } from '../../db/payouts/payouts.js';
import { RETURN_CHECK_PAGE, RETURN_WATCH_DAYS } from '../../domain/payouts/payout-settings.js';
import { createPayoutRailRegistry } from '../../gateways/payouts/registry.js';
import type { PayoutActivityDeps } from './payout-activities.js';
import { applyPayoutReturn } from './payout-returns.js';

/**
 * The check the `payout-returns-<task queue>` schedule runs: every payout paid in the last
 * RETURN_WATCH_DAYS on a rail whose answer comes in files (a bank transfer the receiving bank may
 * return days after it settled) is asked about once more; one the rail now reports RETURNED is
 * reopened as RETURNED (applyPayoutReturn: once, booked back, `payout.returned`; a refund it paid
 * back FAILED, with `refund.failed`). The rail's
 * answer, never a message, moves it. Answers the events to deliver.
 */
export function createPayoutReturnCheckActivities(deps: PayoutActivityDeps) {
  const rails = deps.payoutRails ?? createPayoutRailRegistry(process.env);
  const em = () => deps.orm.em.fork() as EntityManager;

  return {
    async checkPayoutReturns(): Promise<{ asked: number; returned: number; eventIds: string[] }> {
      const since = new Date(Date.now() - RETURN_WATCH_DAYS * 86_400_000);
      const eventIds: string[] = [];
      let asked = 0;
      let returned = 0;
      let afterId = 0;
      for (;;) {
        const page = await selectPayouts(
          em(),
          `where status = 'SUCCEEDED' and settled_at >= ? and id > ? order by id limit ?`,
          [since, afterId, RETURN_CHECK_PAGE],
        );
        if (!page.length) break;
        afterId = page[page.length - 1]!.id;
        for (const payout of page) {
          const rail = rails.rail(payout.rail, payout.mode);
          if (!rail || rail.describe().delivery !== 'FILE') continue;
          asked += 1;
          const found = await rail.find(payout.reference);
          if (found.status !== 'RETURNED') continue;
          const applied = await applyPayoutReturn(em(), {
            reference: payout.reference,
            reasonCode: found.reasonCode ?? 'RETURNED',
            reason: found.reason,
          });
          if (!applied) continue;
          returned += 1;
          eventIds.push(...applied.eventIds);
        }
        heartbeat({ afterId });
      }
      return { asked, returned, eventIds };
    },
  };
}
