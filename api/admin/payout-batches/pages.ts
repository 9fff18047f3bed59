import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Middleware } from 'koa';
import { listAppChoices } from '../../../db/payments/payment-admin.js';
import { recentBatches } from '../../../db/payouts/payout-batches.js';
import { can } from '../../../domain/operators/permissions.js';
import type { BatchLineIssue } from '../../../domain/payouts/payout-batches.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { MODES, type Mode } from '../../../domain/shared/mode.js';
import { currentTime, type RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { cancelPayoutBatch, decidePayoutBatch } from '../../payouts/payout-batch-changes.js';
import {
  admin,
  decideFromForm,
  formAction,
  redirectWith,
  render,
  viewPermission,
} from '../pages/page-context.js';
import { requireStepUpToApprove } from '../payouts/approval-step-up.js';
import { readReportUpload } from '../../uploads/upload.js';
import { findBatchById } from '../../../db/payouts/payout-batches.js';
import { findFileUpload, type FileUploadRecord } from '../../../db/uploads/file-uploads.js';
import { auditActor } from '../session.js';
import { DEFAULT_UPLOAD_WAIT_SECONDS } from '../../uploads/file-upload-service.js';
import type { SpooledReport } from '../../../activities/uploads/report-files.js';
import {
  adminBatchDetail,
  adminBatchView,
  batchForOperatorsOr404,
  batchUploadArea,
  receiveBatchUpload,
} from './service.js';
import { batchDetail, batchTable, lineIssues, uploadForm } from './views.js';

const LIST = '/admin/payout-batches';

/** The spooled file of an upload form, kept aside while its text fields go through formAction. */
const uploads = new WeakMap<Context, { fileName: string; spooled: SpooledReport } | null>();

const readUploadForm =
  (deps: RouteDeps) =>
  async (ctx: Context): Promise<Record<string, string>> => {
    const { fields, file } = await readReportUpload(ctx, batchUploadArea(deps));
    uploads.set(ctx, file);
    return fields;
  };

/** The spooled file is let go however the form ends. */
function discardingUpload(action: Middleware): Middleware {
  return async (ctx, next) => {
    try {
      await action(ctx, next);
    } finally {
      await uploads.get(ctx)?.spooled.discard();
    }
  };
}

/** /admin/payout-batches: upload a batch file, see batches, approve, cancel within the window, follow progress. */
export function payoutBatchesPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;

  const listPage = async (
    ctx: Context,
    extra: { status?: number; issues?: readonly BatchLineIssue[] } = {},
  ) => {
    const { operator, session } = admin(ctx);
    const upload = can(operator.role, 'payouts.approve')
      ? uploadForm(session.csrfToken, await listAppChoices(em()))
      : html``;
    const rows = await Promise.all((await recentBatches(em())).map((batch) => adminBatchView(em(), batch)));
    render(ctx, {
      title: 'Payout batches',
      active: 'payout-batches',
      status: extra.status,
      body: html`<h1>Payout batches</h1>
        ${extra.issues ? lineIssues(extra.issues) : html``} ${upload}
        <h2>Batches</h2>
        ${batchTable(rows)}`,
    });
  };

  router.get('/payout-batches', viewPermission(deps, 'payments.read'), async (ctx) => listPage(ctx));

  router.post(
    '/payout-batches',
    discardingUpload(
      formAction(
        deps,
        'payouts.approve',
        async (ctx, fields) => {
          const file = uploads.get(ctx);
          if (!file) return redirectWith(ctx, LIST, { error: 'Choose the batch file to upload' });
          const appId = Number(fields.appId);
          const mode = fields.mode as Mode;
          if (!Number.isSafeInteger(appId) || !(MODES as readonly string[]).includes(mode)) {
            return redirectWith(ctx, LIST, { error: 'Choose the app and the mode' });
          }
          try {
            // Stored and handed to the worker, which parses it; the answer is its upload's page.
            const upload = await receiveBatchUpload(
              deps,
              admin(ctx).operator,
              auditActor(ctx),
              { appId, mode, fileName: file.fileName },
              file.spooled,
              (deps.config.UPLOAD_WAIT_SECONDS ?? DEFAULT_UPLOAD_WAIT_SECONDS) * 1000,
            );
            ctx.redirect(`${LIST}/uploads/${upload.id}`);
          } catch (error) {
            if (!(error instanceof ApiError)) throw error;
            redirectWith(ctx, LIST, { error: error.message });
          }
        },
        readUploadForm(deps),
      ),
    ),
  );

  /**
   * A batch file's upload: while the worker reads it, a page that looks again by itself; once
   * taken, the batch; refused for its lines, the table of bad lines (422) beside the form.
   */
  router.get('/payout-batches/uploads/:id', viewPermission(deps, 'payments.read'), async (ctx) => {
    const id = /^[1-9]\d{0,14}$/.test(ctx.params.id ?? '') ? Number(ctx.params.id) : null;
    const upload = id === null ? null : await findFileUpload(em(), id);
    if (!upload || upload.kind !== 'payout_batch') {
      return render(ctx, {
        title: 'No such upload',
        active: 'payout-batches',
        status: 404,
        body: html`<h1>No such upload</h1>`,
      });
    }
    return showUpload(ctx, upload);
  });

  const showUpload = async (ctx: Context, upload: FileUploadRecord) => {
    if (upload.status === 'IMPORTED') {
      const batch = await findBatchById(em(), upload.importId!);
      return redirectWith(ctx, `${LIST}/${batch!.reference}`, {
        ok: `Batch ${batch!.reference} of ${batch!.lineCount} line(s) taken; it waits for another operator's approval`,
      });
    }
    if (upload.status === 'REFUSED') {
      const issues = (upload.errorDetails as { lines?: BatchLineIssue[] } | null)?.lines;
      if (upload.errorCode === 'PAYOUT_BATCH_LINES_INVALID' && issues) {
        return listPage(ctx, { status: 422, issues });
      }
      return redirectWith(ctx, LIST, { error: upload.errorMessage ?? 'The file was refused' });
    }
    render(ctx, {
      title: 'Reading the batch file',
      active: 'payout-batches',
      body: html`<meta http-equiv="refresh" content="2" />
        <p><a href="${LIST}">← Payout batches</a></p>
        <h1>Reading ${upload.fileName}</h1>
        <p data-testid="batch-upload-reading">
          The worker is reading the file (upload ${String(upload.id)}); this page looks again by itself.
        </p>
        <p><a href="${LIST}/uploads/${String(upload.id)}">Look again</a></p>`,
    });
  };

  router.get('/payout-batches/:id', viewPermission(deps, 'payments.read'), async (ctx) => {
    const { operator, session } = admin(ctx);
    let batch;
    try {
      batch = await batchForOperatorsOr404(em(), ctx.params.id!);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return render(ctx, {
        title: 'No such batch',
        active: 'payout-batches',
        status: 404,
        body: html`<h1>No such batch</h1>`,
      });
    }
    const detail = await adminBatchDetail(em(), batch, { page: 1, size: 500 });
    render(ctx, {
      title: `Payout batch ${batch.reference}`,
      active: 'payout-batches',
      body: html`<p><a href="${LIST}">← Payout batches</a></p>
        <h1>Payout batch ${batch.reference}</h1>
        ${batchDetail(detail, {
          csrfToken: session.csrfToken,
          canDecide: can(operator.role, 'payouts.approve'),
          operatorId: operator.id,
          nowMs: currentTime(deps).getTime(),
        })}`,
    });
  });

  for (const verb of ['approve', 'reject', 'cancel'] as const) {
    router.post(
      `/payout-batches/:id/${verb}`,
      formAction(deps, 'payouts.approve', async (ctx, fields) => {
        const back = `${LIST}/${encodeURIComponent(ctx.params.id ?? '')}`;
        await decideFromForm(ctx, back, fields, async () => {
          const batch = await batchForOperatorsOr404(em(), ctx.params.id!);
          if (verb !== 'cancel') {
            requireStepUpToApprove(deps, admin(ctx), verb === 'approve' ? 'APPROVE' : 'REJECT', {
              amountMinor: batch.totalMinor,
              mode: batch.mode,
            });
          }
          const done =
            verb === 'cancel'
              ? await cancelPayoutBatch(deps, batch.id, 'OPERATOR')
              : await decidePayoutBatch(
                  deps,
                  batch.id,
                  admin(ctx).operator,
                  verb === 'approve' ? 'APPROVE' : 'REJECT',
                  null,
                );
          return `Batch ${done.reference} is ${done.status}`;
        });
      }),
    );
  }

  return router;
}
