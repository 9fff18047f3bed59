import type { Router } from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { z } from 'zod';
import { json } from '../../simulator-kit/control.js';
import { takaText } from '../fields.js';
import { BANK_PATHS, MAX_FILE_BYTES } from '../protocol.js';
import type { BalanceAnswer, LineStatusAnswer, ListedFile } from '../protocol.js';
import type { BankSimulatorContext } from './context.js';
import type { SimFile } from './book.js';
import { isLoggedIn, readJson, sendText } from './wire.js';

/**
 * The bank's host-to-host channel: files in (under their names, each name once), files out
 * (acknowledgements and returns), the balance, each file's status, NPSB's name enquiry. Every
 * call needs the channel's login.
 */

const FILE_NAME = /^[A-Za-z0-9_.-]{1,80}$/;
const LISTED_AT_MOST = 1_000;

const nameEnquirySchema = z
  .object({ routingNumber: z.string().regex(/^\d{9}$/), accountNumber: z.string().regex(/^\d{6,17}$/) })
  .strict();

/** The reference a file's faults are keyed by: its first line's, read without trusting the file. */
function faultKeyOf(text: string): string | null {
  return /^D\|1\|([A-Za-z0-9_-]{1,35})\|/m.exec(text)?.[1] ?? null;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function lineStatus(file: SimFile): LineStatusAnswer[] {
  return file.lines.map((line) => ({
    reference: line.reference,
    status: line.state,
    bankTransactionId: line.bankTransactionId,
    settledAt: line.settledAtMs === null ? null : iso(line.settledAtMs),
  }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registerH2hApi(router: Router, sim: BankSimulatorContext): void {
  const guarded = (handler: (ctx: Context) => Promise<void> | void) => async (ctx: Context) => {
    if (!isLoggedIn(ctx, sim.login)) {
      ctx.set('www-authenticate', 'Basic realm="host-to-host"');
      return json(ctx, 401, { error: 'LOGIN_REQUIRED' });
    }
    await handler(ctx);
  };

  router.post(
    '/h2h/files/:name',
    guarded(async (ctx) => {
      const name = ctx.params.name ?? '';
      if (!FILE_NAME.test(name)) return json(ctx, 400, { error: 'BAD_FILE_NAME' });
      const text = await getRawBody(ctx.req, { limit: MAX_FILE_BYTES, encoding: 'utf8' });
      const key = faultKeyOf(text);
      if (sim.faults.spend('dropUpload', key)) {
        ctx.respond = false;
        ctx.req.socket.destroy();
        return;
      }
      const receipt = sim.bank.receive(name, text, sim.faults.for(key));
      if (receipt.outcome === 'DUPLICATE') return json(ctx, 409, { error: 'DUPLICATE_FILE', file: name });
      if (receipt.outcome === 'MALFORMED')
        return json(ctx, 422, { error: 'MALFORMED_FILE', message: receipt.message });
      if (receipt.file.acks > 0) sim.faults.spend('duplicateAck', key);
      sim.checkpoint();
      if (sim.faults.spend('uploadAnswerLost', key)) {
        ctx.respond = false;
        ctx.req.socket.destroy();
        return;
      }
      const delayMs = sim.faults.spendValue('uploadAnswerDelayMs', key);
      if (delayMs) await sleep(delayMs);
      json(ctx, 201, {
        file: name,
        receivedAt: iso(receipt.file.receivedAtMs),
        lines: receipt.file.lines.length,
      });
    }),
  );

  router.get(
    BANK_PATHS.files,
    guarded((ctx) => {
      const prefix = typeof ctx.query.prefix === 'string' ? ctx.query.prefix : '';
      const files: ListedFile[] = [...sim.book.files.values()]
        .filter((file) => file.name.startsWith(prefix))
        .slice(-LISTED_AT_MOST)
        .map((file) => ({ name: file.name, at: iso(file.receivedAtMs) }));
      json(ctx, 200, { files });
    }),
  );

  router.get(
    '/h2h/files/:name',
    guarded((ctx) => {
      const file = sim.book.files.get(ctx.params.name ?? '');
      if (!file) return json(ctx, 404, { error: 'NO_SUCH_FILE' });
      sendText(ctx, file.text);
    }),
  );

  router.get(
    '/h2h/files/:name/status',
    guarded((ctx) => {
      const file = sim.book.files.get(ctx.params.name ?? '');
      if (!file) return json(ctx, 404, { error: 'NO_SUCH_FILE' });
      json(ctx, 200, { file: file.name, lines: lineStatus(file) });
    }),
  );

  router.get(
    BANK_PATHS.outbox,
    guarded((ctx) => {
      const kind = ctx.query.kind;
      const forFile = typeof ctx.query.forFile === 'string' ? ctx.query.forFile : undefined;
      const files: ListedFile[] = [...sim.book.outbox.values()]
        .filter(
          (file) =>
            (kind === undefined || file.kind === kind) && (forFile === undefined || file.forFile === forFile),
        )
        .slice(-LISTED_AT_MOST)
        .map((file) => ({
          name: file.name,
          at: iso(file.createdAtMs),
          kind: file.kind,
          forFile: file.forFile,
        }));
      json(ctx, 200, { files });
    }),
  );

  router.get(
    '/h2h/outbox/:name',
    guarded((ctx) => {
      const file = sim.book.outbox.get(ctx.params.name ?? '');
      if (!file) return json(ctx, 404, { error: 'NO_SUCH_FILE' });
      sendText(ctx, file.text);
    }),
  );

  router.get(
    BANK_PATHS.balance,
    guarded((ctx) => {
      const balance = sim.book.balanceMinor;
      const answer: BalanceAnswer = {
        accountNumber: sim.originator.accountNumber,
        availableBalance: (balance < 0 ? '-' : '') + takaText(Math.abs(balance)),
        currency: 'BDT',
        asOf: iso(sim.now()),
      };
      json(ctx, 200, answer);
    }),
  );

  router.post(
    BANK_PATHS.nameEnquiry,
    guarded(async (ctx) => {
      const body = nameEnquirySchema.safeParse(await readJson(ctx));
      if (!body.success) return json(ctx, 400, { error: 'BAD_REQUEST', issues: body.error.issues });
      json(ctx, 200, sim.bank.nameEnquiry(body.data.routingNumber, body.data.accountNumber));
    }),
  );
}
