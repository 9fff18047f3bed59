import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IsolationLevel } from '@mikro-orm/core';
import { disputedByCurrency } from '../../db/disputes/disputes.js';
import { appBalances } from '../../db/ledger/ledger-balances.js';
import type { AppScope } from '../../db/payments/payments.js';
import { formatMoney, isCurrency } from '../../domain/shared/money.js';
import type { RouteDeps } from '../deps.js';
import { sendData } from '../envelope.js';

/** /api/v1/ledger/balance: what the service owes the app, per currency, in the credential's mode. */
export function ledgerRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/ledger/balance', async (ctx) => {
    const scope = ctx.state.scope as AppScope;
    // One snapshot: the disputes and the ledger entries they posted are read as of one moment.
    const { balances, disputed } = await (deps.orm.em.fork() as EntityManager).transactional(
      async (tx) => ({
        balances: await appBalances(tx as EntityManager, scope.appId, scope.mode),
        disputed: await disputedByCurrency(tx as EntityManager, scope.appId, scope.mode),
      }),
      { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
    );
    sendData(ctx, 200, {
      mode: scope.mode,
      asOf: new Date().toISOString(),
      balances: balances.map((b) => {
        // The payable already gave the disputed money back; captured counts what was captured.
        const disputedMinor = disputed.get(b.currency) ?? 0;
        return {
          currency: b.currency,
          capturedMinor: b.capturedMinor + disputedMinor,
          refundedMinor: b.refundedMinor,
          disputedMinor,
          payableMinor: b.payableMinor,
          payableFormatted: isCurrency(b.currency)
            ? formatMoney(b.payableMinor, b.currency)
            : String(b.payableMinor),
        };
      }),
    });
  });
  return router;
}
