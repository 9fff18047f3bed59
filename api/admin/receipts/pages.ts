import { stepUpAboveMinor } from '../../operators/step-up-limits.js';
import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findReceipt } from '../../../db/payments/manual-receipts.js';
import type { Context } from 'koa';
import { minorUnitsFromForm } from '../pages/major-units-field.js';
import { RECEIPT_STATUSES, receiptNeedsStepUp } from '../../../domain/payments/manual-receipts.js';
import { MODES } from '../../../domain/shared/mode.js';
import { can } from '../../../domain/operators/permissions.js';
import { safeReturnPath } from '../../../domain/operators/return-path.js';
import { currentTime, type RouteDeps } from '../../deps.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { readUpload, type UploadedFile } from '../../middleware/upload.js';
import { zodIssues } from '../../validation.js';
import { stepUpFresh } from '../gateways/service.js';
import {
  admin,
  decideFromForm,
  filterValues,
  formAction,
  formProblem,
  redirectWith,
  render,
  viewPermission,
  withRequestedPage,
} from '../pages/page-context.js';
import { pagination } from '../payments/service.js';
import { options, pager } from '../payments/views.js';
import { auditActor } from '../session.js';
import { sendProof } from './api.js';
import {
  MAX_PROOF_BYTES,
  PROOF_TYPES,
  adminReceiptsQuery,
  recordReceiptBody,
  type ProofType,
} from './schemas.js';
import {
  attachReceiptProof,
  decideWaitingReceipt,
  paymentReceipts,
  receiptList,
  recordReceipt,
} from './service.js';
import { inlineStepUp } from '../pages/step-up-inline.js';
import { receiptSection, receiptTable } from './views.js';

const paymentPath = (reference: string) => `/admin/payments/${encodeURIComponent(reference)}`;

/** The receipts section of a payment's page: empty for a payment whose gateway takes the money itself. */
export async function receiptSectionFor(deps: RouteDeps, ctx: Context, reference: string): Promise<SafeHtml> {
  const { payment, terms, receipts } = await paymentReceipts(deps, reference);
  if (!terms) return html``;
  const { operator, session } = admin(ctx);
  const canRecord = can(operator.role, 'receipts.record');
  const canApprove = can(operator.role, 'receipts.approve');
  return receiptSection(
    {
      reference: payment.reference,
      paymentStatus: payment.status,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      terms,
      receipts,
      today: currentTime(deps).toISOString().slice(0, 10),
    },
    canRecord || canApprove
      ? {
          csrfToken: session.csrfToken,
          operatorId: operator.id,
          canRecord,
          canApprove,
          recordStepUp:
            receiptNeedsStepUp(
              payment.amountMinor,
              stepUpAboveMinor(deps.config, 'MANUAL_RECEIPT', payment.mode),
            ) && !stepUpFresh(deps, admin(ctx))
              ? inlineStepUp(admin(ctx), paymentPath(payment.reference))
              : null,
        }
      : null,
  );
}

/** The proof file of an attach form, kept aside while its text fields go through formAction. */
const uploads = new WeakMap<Context, UploadedFile | null>();

async function readProofForm(ctx: Context): Promise<Record<string, string>> {
  const { fields, file } = await readUpload(ctx, { fileField: 'proof', maxFileBytes: MAX_PROOF_BYTES });
  uploads.set(ctx, file);
  return fields;
}

/** Dashboard forms of receipts: record one, approve or reject one, attach its proof, download it. */
export function receiptsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();

  router.post(
    '/payments/:reference/receipts',
    formAction(deps, 'receipts.record', async (ctx, fields) => {
      const reference = ctx.params.reference!;
      const back = paymentPath(reference);
      const { payment } = await paymentReceipts(deps, reference);
      // Typed in the payment's currency ("10,000.00"), read into minor units exactly.
      const read = minorUnitsFromForm(fields.amount, payment.currency, 'Amount');
      if (!('amountMinor' in read)) {
        const problem = 'problem' in read ? read.problem : 'Amount: enter an amount';
        return redirectWith(ctx, back, { error: `Check the form: ${problem}` });
      }
      const amountMinor = read.amountMinor;
      const body = recordReceiptBody.safeParse({
        amountMinor,
        receivedOn: fields.receivedOn,
        method: fields.method,
        bankReference: fields.bankReference,
        ...(fields.note?.trim() && { note: fields.note }),
      });
      if (!body.success) return redirectWith(ctx, back, { error: formProblem(zodIssues(body.error)) });
      await decideFromForm(ctx, back, fields, async () => {
        const done = await recordReceipt(deps, admin(ctx), auditActor(ctx), reference, body.data);
        return done.receipt.status === 'AWAITING_APPROVAL'
          ? `Receipt recorded: it waits for a second operator`
          : `Receipt recorded: the payment is ${done.paymentStatus}`;
      });
    }),
  );

  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    router.post(
      `/receipts/:id/${verb}`,
      formAction(deps, 'receipts.approve', async (ctx, fields) => {
        const back = safeReturnPath(fields.returnTo, '/admin/payments', '/admin/payments');
        const comment = fields.comment?.trim().slice(0, 500) || null;
        await decideFromForm(ctx, back, fields, async () => {
          const done = await decideWaitingReceipt(
            deps,
            admin(ctx),
            auditActor(ctx),
            ctx.params.id!,
            approve,
            comment,
          );
          return `Receipt ${approve ? 'approved' : 'rejected'}: the payment is ${done.paymentStatus}`;
        });
      }),
    );
  }

  router.post(
    '/receipts/:id/proof',
    formAction(
      deps,
      'receipts.record',
      async (ctx) => {
        const file = uploads.get(ctx) ?? null;
        const type = PROOF_TYPES.find((t) => t === file?.contentType) as ProofType | undefined;
        const reference = await receiptPaymentOf(deps, ctx.params.id!);
        if (!reference) return redirectWith(ctx, '/admin/payments', { error: 'No such receipt' });
        const back = paymentPath(reference);
        if (!file || !type) {
          return redirectWith(ctx, back, { error: 'Attach a PDF, PNG or JPEG file' });
        }
        await decideFromForm(ctx, back, {}, async () => {
          await attachReceiptProof(deps, auditActor(ctx), ctx.params.id!, {
            fileName: file.fileName.slice(0, 200),
            contentType: type,
            bytes: file.bytes,
          });
          return `Proof attached: ${file.fileName}`;
        });
      },
      readProofForm,
    ),
  );

  router.get('/receipts', viewPermission(deps, 'payments.read'), async (ctx) => {
    const form = filterValues(ctx, ['status', 'mode']);
    // The queue is what second operators come for; "Any status" is an explicit empty choice.
    if (ctx.query.status === undefined) form.status = 'AWAITING_APPROVAL';
    form.mode ??= 'TEST';
    const parsed = adminReceiptsQuery.safeParse(withRequestedPage(ctx, form));
    if (!parsed.success) {
      return render(ctx, {
        title: 'Receipts',
        active: 'receipts',
        status: 400,
        flash: { kind: 'error', message: formProblem(zodIssues(parsed.error)) },
        body: html`<h1>Receipts</h1>`,
      });
    }
    const result = await receiptList(deps, parsed.data);
    render(ctx, {
      title: 'Receipts',
      active: 'receipts',
      body: html`<h1>Receipts</h1>
        <p class="muted">
          Money paid outside any gateway, as finance recorded it. Approve a waiting one on its payment's page.
        </p>
        <form method="get" action="/admin/receipts" class="row">
          <label
            >Status
            <select name="status">
              ${options(RECEIPT_STATUSES, form.status, 'Any status')}
            </select></label
          >
          <label
            >Mode
            <select name="mode">
              ${options(MODES, form.mode, 'TEST')}
            </select></label
          >
          <button type="submit">Filter</button>
        </form>
        <p class="muted" data-testid="total">${result.total} receipt(s) in ${parsed.data.mode}</p>
        ${receiptTable(result.items)}
        ${pager('/admin/receipts', form, parsed.data.page, pagination(parsed.data, result.total).totalPages)}`,
    });
  });

  router.get('/receipts/:id/proof', viewPermission(deps, 'payments.read'), (ctx) => sendProof(deps, ctx));

  return router;
}

/** The reference of a receipt's payment; null when there is no such receipt. */
async function receiptPaymentOf(deps: RouteDeps, rawId: string): Promise<string | null> {
  const id = /^\d{1,15}$/.test(rawId) ? Number(rawId) : NaN;
  if (!Number.isSafeInteger(id)) return null;
  const receipt = await findReceipt(deps.orm.em.fork() as EntityManager, id);
  return receipt?.reference ?? null;
}
