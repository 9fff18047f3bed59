import type { Context, Middleware } from 'koa';
import {
  boundedBody,
  loggedRequestBody,
  redactQuery,
  storableText,
} from '../../domain/apps/request-log-redaction.js';
import type { Logger } from '../../platform/config/logger.js';
import type { RequestLogWriter } from '../apps/request-log-writer.js';
import type { AuthenticatedApp } from './auth.js';
import { routeTemplateOf } from './route-template.js';

/** Reading the log is not logged: an app polling its log would otherwise fill it with its reads. */
const UNLOGGED_PATH = /^\/api\/v1\/request-log(\/|$)/;

const MAX_KEY_CHARS = 255;

/** The answer as it is kept: the envelope redacted, or a note for a file or page. */
function answerBody(ctx: Context): unknown {
  const body: unknown = ctx.body;
  if (body === null || body === undefined) return null;
  if (Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') {
    return `[${ctx.response.type || 'binary'} body not kept]`;
  }
  if (typeof body === 'string') return loggedRequestBody(body);
  return boundedBody(body);
}

function errorCodeOf(body: unknown): string | null {
  const code = (body as { meta?: { errorCode?: unknown } } | null)?.meta?.errorCode;
  return typeof code === 'string' ? code : null;
}

function idempotencyKeyOf(ctx: Context): string | null {
  const given = ctx.headers['idempotency-key'] ?? ctx.headers['x-idempotency-key'];
  if (given === undefined) return null;
  const key = Array.isArray(given) ? given.join(', ') : given;
  return key.slice(0, MAX_KEY_CHARS);
}

/**
 * Records every request an app made with its credentials into the request log, as it was
 * answered: placed outside the error envelope, so a refused request is logged with the status
 * and error code the app received. Only a request whose credentials were accepted is logged
 * (`ctx.state.app`): anyone can send a key, only its app can prove it. The entry is built and
 * redacted after the answer is on its way, and handed to the writer's buffer; nothing here can
 * delay or fail the request it describes.
 */
export function requestLog(deps: {
  writer: RequestLogWriter;
  logger: Logger;
  clock?: () => Date;
}): Middleware {
  const clock = deps.clock ?? (() => new Date());
  return async (ctx, next) => {
    const at = clock();
    const started = performance.now();
    try {
      await next();
    } finally {
      const app = ctx.state.app as AuthenticatedApp | undefined;
      if (app && !UNLOGGED_PATH.test(ctx.path)) recordLater(ctx, app, at, started);
    }
  };

  /** Hands the request's entry to the writer once the answer has gone out; never throws. */
  function recordLater(ctx: Context, app: AuthenticatedApp, at: Date, started: number): void {
    try {
      const facts = {
        appId: app.appId,
        mode: app.mode,
        requestId: String(ctx.state.requestId ?? ''),
        idempotencyKey: idempotencyKeyOf(ctx),
        method: ctx.method,
        route: routeTemplateOf(ctx),
        path: storableText(ctx.path).slice(0, 2048),
        rawQuery: ctx.querystring,
        status: ctx.status,
        rawBody: ctx.state.rawBody as string | undefined,
        durationMs: Math.round(performance.now() - started),
        at,
      };
      // Redaction and serialisation run after the answer has gone out.
      setImmediate(() => {
        try {
          deps.writer.record({
            appId: facts.appId,
            mode: facts.mode,
            requestId: facts.requestId,
            idempotencyKey: facts.idempotencyKey,
            method: facts.method,
            route: facts.route,
            path: facts.path,
            query: redactQuery(facts.rawQuery),
            status: facts.status,
            errorCode: errorCodeOf(ctx.body),
            durationMs: facts.durationMs,
            requestBody: loggedRequestBody(facts.rawBody),
            responseBody: answerBody(ctx),
            at: facts.at,
          });
        } catch (error) {
          deps.logger.warn({ err: error, requestId: facts.requestId }, 'request log entry not recorded');
        }
      });
    } catch (error) {
      deps.logger.warn({ err: error }, 'request log entry not recorded');
    }
  }
}
