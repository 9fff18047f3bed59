import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { listAppChoices } from '../../../db/payments/payment-admin.js';
import type { RouteDeps } from '../../deps.js';
import { html } from '../../pages/html.js';
import { zodIssues } from '../../validation.js';
import { filterValues, render, viewPermission } from '../pages/page-context.js';
import { pager } from '../payments/views.js';
import { pagination } from '../payments/service.js';
import { inboxAttachment, inboxMessage, inboxMessages, InboxUnavailable } from './inbox.js';
import { attachmentIndex, emailLogQuery, inboxMessageId } from './schemas.js';
import { customersMessages, emailLog } from './service.js';
import { emailFilters, emailLogTable, emailTabs, inboxMessageBody, inboxTable } from './views.js';

const FILTER_FIELDS = ['appId', 'mode', 'status', 'kind'] as const;

/** Only a plain name reaches the Content-Disposition header. */
const downloadName = (filename: string | null, index: number) =>
  (filename ?? `attachment-${index + 1}`).replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100) || 'attachment';

/**
 * /admin/emails: the message log; /admin/emails/inbox: the mail catcher's inbox, when configured
 * (the development stack only), showing customers' emails only.
 */
export function emailsPageRoutes(deps: RouteDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em.fork() as EntityManager;
  const reads = viewPermission(deps, 'emails.read');
  const catcherUrl = deps.config.MAIL_CATCHER_URL;

  const page = (ctx: Context, body: ReturnType<typeof html>, status = 200, problem?: string) =>
    render(ctx, {
      title: 'Customer emails',
      active: 'emails',
      status,
      ...(problem && { flash: { kind: 'error' as const, message: problem } }),
      body,
    });

  const notFound = (ctx: Context, what: string) =>
    page(
      ctx,
      html`<div class="card" data-testid="not-found">
        <h1>No such ${what}</h1>
        <p><a href="/admin/emails/inbox">Back to the inbox</a></p>
      </div>`,
      404,
    );

  const noCatcher = (ctx: Context) =>
    page(
      ctx,
      html`<div class="card" data-testid="not-found">
        <h1>No mail catcher here</h1>
        <p>
          MAIL_CATCHER_URL is not set, so there is no inbox to show.
          <a href="/admin/emails">The message log</a> shows every message and its status.
        </p>
      </div>`,
      404,
    );

  /** One message of the inbox when it is a customer's email; null for any other (an operator's). */
  const customersMessage = async (url: string, id: string) => {
    const message = await inboxMessage(url, id);
    return message && (await customersMessages(em(), [message])).length ? message : null;
  };

  /** Runs an inbox read; a catcher that does not answer is said on the page, not a server error. */
  const fromCatcher = async (ctx: Context, read: (url: string) => Promise<void>) => {
    if (!catcherUrl) return noCatcher(ctx);
    try {
      await read(catcherUrl);
    } catch (error) {
      if (!(error instanceof InboxUnavailable)) throw error;
      page(
        ctx,
        html`<h1>Customer emails</h1>
          ${emailTabs('inbox', true)}`,
        503,
        error.message,
      );
    }
  };

  router.get('/emails', reads, async (ctx) => {
    const form = filterValues(ctx, FILTER_FIELDS);
    const requestedPage = typeof ctx.query.page === 'string' ? ctx.query.page : undefined;
    const query = emailLogQuery.safeParse({ ...form, ...(requestedPage && { page: requestedPage }) });
    const apps = await listAppChoices(em());
    const heading = html`<h1>Customer emails</h1>
      ${emailTabs('log', Boolean(catcherUrl))} ${emailFilters(form, apps)}`;
    if (!query.success) {
      const problem = zodIssues(query.error)
        .map((i) => `${i.field}: ${i.message}`)
        .join('; ');
      return page(ctx, heading, 400, `Check the filters: ${problem}`);
    }
    const list = await emailLog(deps, query.data);
    const totalPages = pagination(query.data, list.total).totalPages;
    page(
      ctx,
      html`${heading}
        <p class="muted" data-testid="emails-total">${list.total} message(s), newest first</p>
        ${emailLogTable(list.items)} ${pager('/admin/emails', form, query.data.page, totalPages)}`,
    );
  });

  router.get('/emails/inbox', reads, (ctx) =>
    fromCatcher(ctx, async (url) => {
      const messages = await customersMessages(em(), await inboxMessages(url));
      page(
        ctx,
        html`<h1>Customer emails</h1>
          ${emailTabs('inbox', true)}
          <p class="muted">
            What the development mail catcher received for customers, newest first: nothing here left this
            machine. Operators' own emails (password-reset links) are never shown.
          </p>
          ${inboxTable(messages)}`,
      );
    }),
  );

  router.get('/emails/inbox/:id', reads, (ctx) =>
    fromCatcher(ctx, async (url) => {
      const id = inboxMessageId.safeParse(ctx.params.id);
      const message = id.success ? await customersMessage(url, id.data) : null;
      if (!message) return notFound(ctx, 'message');
      page(ctx, inboxMessageBody(message));
    }),
  );

  router.get('/emails/inbox/:id/attachments/:index', reads, (ctx) =>
    fromCatcher(ctx, async (url) => {
      const id = inboxMessageId.safeParse(ctx.params.id);
      const index = attachmentIndex.safeParse(ctx.params.index);
      const message = id.success ? await customersMessage(url, id.data) : null;
      const meta = index.success ? message?.attachments.find((a) => a.index === index.data) : undefined;
      const file = message && meta ? await inboxAttachment(url, message.id, meta.index) : null;
      if (!meta || !file) return notFound(ctx, 'attachment');
      // Always a download, never rendered here: an attachment is whatever the sender put in it.
      ctx.set('Content-Disposition', `attachment; filename="${downloadName(meta.filename, meta.index)}"`);
      ctx.type = file.contentType.startsWith('application/pdf')
        ? 'application/pdf'
        : 'application/octet-stream';
      ctx.body = file.content;
    }),
  );

  return router;
}
