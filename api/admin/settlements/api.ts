import Router from '@koa/router';
import { ApiError } from '../../../domain/shared/errors.js';
import type { RouteDeps } from '../../deps.js';
import { sendData, sendList } from '../../envelope.js';
import { parseWith } from '../../validation.js';
import { auditActor, requirePermission, type AdminState } from '../session.js';
import {
  bankStatementDetail,
  bankStatementList,
  importedStatement,
  importUploadedStatement,
} from './bank-statement-service.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listParkedDisputeNotices } from '../../../db/disputes/parked-dispute-notices.js';
import type { z } from 'zod';
import type { AuditActor } from '../../../db/operators/audit.js';
import {
  bankStatementFields,
  disputeNoticesQuery,
  importReportFields,
  railStatementFields,
  railStatementsQuery,
  settlementImportsQuery,
  type SettlementImportsQuery,
} from './schemas.js';
import { findUpload, settled, uploadView, type UploadView } from '../../uploads/file-upload-service.js';
import {
  importedReport,
  importUploadedReport,
  settlementImportDetail,
  settlementImportList,
} from './service.js';
import { readReportUpload, uploadAreaOf } from '../../uploads/upload.js';
import {
  importedRailStatement,
  importUploadedRailStatement,
  railStatementDetail,
  railStatementList,
} from './rail-statement-service.js';

/** One kind of file finance uploads: its path, its form, and what it is called when missing. */
interface UploadedFileRoutes<F, Q = SettlementImportsQuery> {
  path: string;
  fields: z.ZodType<F>;
  /** The list's filters; a settlement import's (gateway, mode, page, size) unless set. */
  query?: z.ZodType<Q>;
  /** What the refusal of a request without a file asks for. */
  attach: string;
  importFile: (
    deps: RouteDeps,
    operator: AdminState['operator'],
    actor: AuditActor,
    fields: F,
    file: NonNullable<Awaited<ReturnType<typeof readReportUpload>>['file']>,
  ) => Promise<{ created: boolean; view: object; reconciliations: string[] } | { reading: UploadView }>;
  list: (deps: RouteDeps, query: Q) => Promise<{ items: object[]; total: number }>;
  detail: (deps: RouteDeps, id: string) => Promise<object>;
}

/**
 * A file in (multipart: `file`, `gateway`, `mode`, and the kind's own fields) for FINANCE and
 * ADMIN: 201 with the new import, 200 with the earlier one when the same file was imported before.
 * Those who read reconciliation read the imports.
 */
function uploadedFileRoutes<F, Q extends { page: number; size: number } = SettlementImportsQuery>(
  router: Router,
  deps: RouteDeps,
  kind: UploadedFileRoutes<F, Q>,
) {
  router.post(kind.path, requirePermission(deps, 'settlements.import'), async (ctx) => {
    const upload = await readReportUpload(ctx, uploadAreaOf(deps.config));
    try {
      const fields = parseWith(kind.fields, upload.fields);
      if (!upload.file) {
        throw new ApiError('VALIDATION_ERROR', undefined, [
          { field: 'file', message: kind.attach, code: 'required' },
        ]);
      }
      const admin = ctx.state.admin as AdminState;
      const done = await kind.importFile(deps, admin.operator, auditActor(ctx), fields, upload.file);
      // Still being read by the worker: where to look for the outcome.
      if ('reading' in done) return sendData(ctx, 202, done.reading);
      sendData(ctx, done.created ? 201 : 200, {
        created: done.created,
        ...done.view,
        reconciliations: done.reconciliations,
      });
    } finally {
      await upload.file?.spooled.discard();
    }
  });

  router.get(kind.path, requirePermission(deps, 'reconciliation.read'), async (ctx) => {
    const query = parseWith(kind.query ?? (settlementImportsQuery as unknown as z.ZodType<Q>), ctx.query);
    const result = await kind.list(deps, query);
    sendList(ctx, { items: result.items }, { page: query.page, size: query.size, totalItems: result.total });
  });

  router.get(`${kind.path}/:id`, requirePermission(deps, 'reconciliation.read'), async (ctx) => {
    sendData(ctx, 200, await kind.detail(deps, ctx.params.id!));
  });
}

/**
 * Settlement reports in (a gateway's report; optional `format`), and bank statements of the
 * accounts gateways settle to (what reached the bank, matched to payouts).
 */
export function settlementsJsonRoutes(deps: RouteDeps): Router {
  const router = new Router();

  uploadedFileRoutes(router, deps, {
    path: '/settlements/imports',
    fields: importReportFields,
    attach: 'attach the settlement report (CSV or XLSX)',
    importFile: async (...args) => {
      const done = await importUploadedReport(...args);
      if ('reading' in done) return done;
      return { created: done.created, view: done.import, reconciliations: done.reconciliations };
    },
    list: settlementImportList,
    detail: settlementImportDetail,
  });

  uploadedFileRoutes(router, deps, {
    path: '/settlements/bank-statements',
    fields: bankStatementFields,
    attach: 'attach the bank statement (CSV)',
    importFile: async (...args) => {
      const done = await importUploadedStatement(...args);
      if ('reading' in done) return done;
      return { created: done.created, view: done.statement, reconciliations: done.reconciliations };
    },
    list: bankStatementList,
    detail: bankStatementDetail,
  });

  uploadedFileRoutes(router, deps, {
    path: '/settlements/rail-statements',
    fields: railStatementFields,
    query: railStatementsQuery,
    attach: "attach the rail's statement (CSV or XLSX)",
    importFile: async (...args) => {
      const done = await importUploadedRailStatement(...args);
      if ('reading' in done) return done;
      return { created: done.created, view: done.statement, reconciliations: done.reconciliations };
    },
    list: railStatementList,
    detail: railStatementDetail,
  });

  /**
   * An upload's outcome, for one answered 202 (still being read): 200 with the upload while it is
   * read, and once imported (with `importId`; its days are started at the first look); a refused
   * upload answers its refusal (422 with the limit's or the problem's errorCode).
   */
  router.get('/settlements/uploads/:id', requirePermission(deps, 'reconciliation.read'), async (ctx) => {
    const upload = await findUpload(deps, ctx.params.id!);
    const state = settled(upload);
    // A payout batch file's batch is started by the worker that took it; a report's or a
    // statement's days are started here, at the first look.
    if (state.state === 'imported') {
      if (upload.kind === 'rail_statement') await importedRailStatement(deps, state.upload);
      else if (upload.kind === 'bank_statement') await importedStatement(deps, state.upload);
      else if (upload.kind === 'settlement_report') await importedReport(deps, state.upload);
    }
    sendData(ctx, 200, uploadView(upload));
  });

  /**
   * Dispute notices a gateway sent about a transaction no payment of ours has: kept until a
   * payment takes it (then recorded as its dispute), and shown here for finance while they wait.
   */
  router.get('/settlements/dispute-notices', requirePermission(deps, 'reconciliation.read'), async (ctx) => {
    const query = parseWith(disputeNoticesQuery, ctx.query);
    const { notices, total } = await listParkedDisputeNotices(deps.orm.em.fork() as EntityManager, {
      waitingOnly: query.waiting === 'true',
      limit: query.size,
      offset: (query.page - 1) * query.size,
    });
    const items = notices.map(({ accountKey: _accountKey, ...notice }) => ({
      ...notice,
      receivedAt: notice.receivedAt.toISOString(),
      lastReceivedAt: notice.lastReceivedAt.toISOString(),
      checkedAt: notice.checkedAt?.toISOString() ?? null,
      appliedAt: notice.appliedAt?.toISOString() ?? null,
    }));
    sendList(ctx, { items }, { page: query.page, size: query.size, totalItems: total });
  });

  return router;
}
