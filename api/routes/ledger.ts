import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appBalances } from '../../db/ledger-balances.js';
import type { AppScope } from '../../db/payments.js';
import { formatMoney, isCurrency } from '../../domain/money.js';
import type { RouteDeps } from '../deps.js';
import { sendData } from '../envelope.js';

/** /api/v1/ledger/balance: what the service owes the app, per currency, in the credential's mode. */
export function ledgerRoutes(deps: RouteDeps): Router {
  const router = new Router();
  router.get('/ledger/balance', async (ctx) => {
    const scope = ctx.state.scope as AppScope;
    const balances = await appBalances(deps.orm.em.fork() as EntityManager, scope.appId, scope.mode);
    sendData(ctx, 200, {
      mode: scope.mode,
      asOf: new Date().toISOString(),
      balances: balances.map((b) => ({
        ...b,
        payableFormatted: isCurrency(b.currency)
          ? formatMoney(b.payableMinor, b.currency)
          : String(b.payableMinor),
      })),
    });
  });
  return router;
}
