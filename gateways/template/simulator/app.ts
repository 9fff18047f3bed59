import { randomUUID } from 'node:crypto';
import { Router } from '@koa/router';
import Koa from 'koa';
import type { Context } from 'koa';
import { json, registerReset } from '../../simulator-kit/control.js';
import { escapeHtml, pathUnder, simulatorPage } from '../../simulator-kit/page.js';
import { PATHS, TRANSACTION_STATUS, signNotification, SIGNATURE_HEADER } from '../protocol.js';

/**
 * The gateway's sandbox, as `npm start` and the tests run it: the same paths, fields and
 * signatures as the real one (protocol.ts), with payments held in memory. Its hosted page offers
 * the choices the contract driver makes (pay, fail, cancel, abandon); its control API
 * (`/__simulator/...`) is how the driver arms faults. A real gateway's simulator grows, beside
 * these: faults (simulator-kit/faults.ts FaultBook), outages (simulator-kit/outages.ts), a fault
 * panel for testers, a settlement report route, and state that survives a restart (`persisted`).
 */

export interface TemplateSimulatorOptions {
  /** Where browsers reach the simulator, prefix included: its session answers link there. */
  publicUrl: string;
  credentials: { apiKey: string; webhookSecret: string };
}

interface SimulatedPayment {
  reference: string;
  amount: string;
  currency: string;
  notifyUrl: string;
  returnUrl: string;
  cancelUrl: string;
  status: (typeof TRANSACTION_STATUS)[keyof typeof TRANSACTION_STATUS];
  transactionId: string | null;
}

async function readJson(ctx: Context): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function createTemplateSimulator(options: TemplateSimulatorOptions) {
  const payments = new Map<string, SimulatedPayment>();
  const router = new Router();
  const authorised = (ctx: Context) => ctx.get('authorization') === `Bearer ${options.credentials.apiKey}`;

  router.post(PATHS.session, async (ctx) => {
    if (!authorised(ctx)) return json(ctx, 401, { error: 'unauthorised' });
    const body = await readJson(ctx);
    const reference = String(body.reference ?? '');
    if (!reference) return json(ctx, 400, { error: 'reference is required' });
    payments.set(reference, {
      reference,
      amount: String(body.amount ?? ''),
      currency: String(body.currency ?? ''),
      notifyUrl: String(body.notifyUrl ?? ''),
      returnUrl: String(body.returnUrl ?? ''),
      cancelUrl: String(body.cancelUrl ?? ''),
      status: TRANSACTION_STATUS.PENDING,
      transactionId: null,
    });
    json(ctx, 200, {
      sessionId: reference,
      pageUrl: `${options.publicUrl}/pay/${encodeURIComponent(reference)}`,
    });
  });

  router.get(`${PATHS.transaction}/:reference`, (ctx) => {
    if (!authorised(ctx)) return json(ctx, 401, { error: 'unauthorised' });
    const payment = payments.get(ctx.params.reference ?? '');
    if (!payment) return json(ctx, 404, { error: 'no such transaction' });
    json(ctx, 200, { ...payment, method: 'CARD' });
  });

  // The hosted page: one button per choice the contract driver makes.
  router.get('/pay/:reference', (ctx) => {
    const payment = payments.get(ctx.params.reference ?? '');
    if (!payment) return json(ctx, 404, { error: 'no such session' });
    const action = pathUnder(options.publicUrl, `/pay/${encodeURIComponent(payment.reference)}`);
    const button = (choice: string) =>
      `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="choice" value="${choice}"><button>${choice}</button></form>`;
    ctx.type = 'html';
    ctx.body = simulatorPage(
      'Template gateway',
      `<h1>Pay ${escapeHtml(payment.amount)} ${escapeHtml(payment.currency)}</h1><div class="actions">${['pay', 'fail', 'cancel'].map(button).join('')}</div>`,
    );
  });

  router.post('/pay/:reference', async (ctx) => {
    const payment = payments.get(ctx.params.reference ?? '');
    if (!payment) return json(ctx, 404, { error: 'no such session' });
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    const choice = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('choice');
    payment.status =
      choice === 'pay'
        ? TRANSACTION_STATUS.PAID
        : choice === 'fail'
          ? TRANSACTION_STATUS.FAILED
          : TRANSACTION_STATUS.CANCELLED;
    if (payment.status === TRANSACTION_STATUS.PAID) payment.transactionId = `TX${randomUUID().slice(0, 12)}`;
    // The server-to-server notification, signed as protocol.ts says; the service asks the query
    // API before it believes it.
    const body = JSON.stringify({ reference: payment.reference, status: payment.status });
    void fetch(payment.notifyUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signNotification(body, options.credentials.webhookSecret),
      },
      body,
    }).catch(() => undefined);
    const back = payment.status === TRANSACTION_STATUS.CANCELLED ? payment.cancelUrl : payment.returnUrl;
    const url = new URL(back);
    url.searchParams.set('reference', payment.reference);
    url.searchParams.set('status', payment.status);
    ctx.redirect(url.toString());
  });

  registerReset(router, () => payments.clear());

  const app = new Koa();
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, reset: () => payments.clear() };
}
