import Router from '@koa/router';
import { ApiError } from '../../../domain/shared/errors.js';
import { encodeCursor } from '../../../domain/shared/list-cursor.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { parseWith } from '../../validation.js';
import { requirePermission } from '../session.js';
import { accountsQuery, journalQuery, statementQuery } from './schemas.js';
import { retryAfterSeconds as retryAfterSecondsOf } from '../../middleware/rate-limit.js';
import { chartOfAccounts, journal, statement, throttledVerification } from './service.js';

/** /api/v1/admin/ledger: the chart of accounts, statements, the journal and its verification. */
export function ledgerJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const reads = requirePermission(deps, 'ledger.read');

  router.get('/ledger/accounts', reads, async (ctx) => {
    // The whole chart on one page: one account per type, owner and currency.
    const items = await chartOfAccounts(deps, parseWith(accountsQuery, ctx.query));
    sendList(ctx, { items }, { page: 1, size: Math.max(items.length, 1), totalItems: items.length });
  });

  router.get('/ledger/accounts/:id', reads, async (ctx) => {
    const query = parseWith(statementQuery, ctx.query);
    const result = await statement(deps, ctx.params.id!, query);
    sendList(
      ctx,
      { items: result.lines, summary: { account: result.account } },
      { page: query.page, size: query.size, totalItems: result.total },
    );
  });

  router.get('/ledger/journal', reads, async (ctx) => {
    const query = parseWith(journalQuery, ctx.query);
    const result = await journal(deps, query);
    sendList(
      ctx,
      { items: result.items },
      {
        page: query.page,
        size: query.size,
        totalItems: result.total,
        nextCursor: result.lastId === null ? null : encodeCursor(result.lastId),
      },
    );
  });

  router.get('/ledger/verification', reads, async (ctx) => {
    const answer = await throttledVerification(deps);
    if (!answer.ran) {
      const retryAfterSeconds = retryAfterSecondsOf(answer.retryAfterMs);
      ctx.set('Retry-After', String(retryAfterSeconds));
      throw new ApiError('LEDGER_VERIFICATION_THROTTLED', undefined, { retryAfterSeconds });
    }
    sendData(ctx, 200, answer.result);
  });

  return router;
}
