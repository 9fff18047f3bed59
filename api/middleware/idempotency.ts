import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Middleware } from 'koa';
import type { Orm } from '../../db/orm.js';
import { IdempotencyRecordSchema } from '../../db/entities.js';
import type { AppScope } from '../../db/payments.js';
import { ApiError } from '../../domain/errors.js';
import { readJson } from './body.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** JSON with sorted keys, so the same request hashes the same whatever its key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Idempotency-Key semantics for creating POSTs (Stripe's, and the IETF draft's): the first
 * response is stored and replayed for 24 h; the same key with another body is 422; the same key
 * while the first request is still running is 409. A failed (5xx) first attempt frees the key.
 */
export function idempotency(deps: { orm: Orm }): Middleware {
  return async (ctx, next) => {
    const key = ctx.get('idempotency-key') || ctx.get('x-idempotency-key');
    if (!key) return next();
    if (!KEY_PATTERN.test(key)) throw new ApiError('INVALID_IDEMPOTENCY_KEY');
    const scope = ctx.state.scope as AppScope;
    const body = await readJson(ctx);
    const requestHash = createHash('sha256')
      .update(`${ctx.method} ${ctx.path}\n${canonicalJson(body)}`)
      .digest('hex');
    const em = deps.orm.em.fork() as EntityManager;
    const identity = { appId: scope.appId, mode: scope.mode, key };

    const claim = async () =>
      (
        await em.execute<unknown[]>(
          `insert into idempotency_keys (app_id, mode, key, request_hash, state) values (?, ?, ?, ?, 'IN_PROGRESS')
           on conflict do nothing returning key`,
          [scope.appId, scope.mode, key, requestHash],
        )
      ).length === 1;

    let claimed = await claim();
    if (!claimed) {
      const existing = await em.findOne(IdempotencyRecordSchema, identity, { disableIdentityMap: true });
      if (existing && Date.now() - existing.createdAt.getTime() > REPLAY_WINDOW_MS) {
        await em.nativeDelete(IdempotencyRecordSchema, { ...identity, createdAt: existing.createdAt });
        claimed = await claim();
      } else if (existing) {
        if (existing.requestHash !== requestHash) throw new ApiError('IDEMPOTENCY_KEY_REUSED');
        if (existing.state === 'IN_PROGRESS') throw new ApiError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
        ctx.status = existing.responseStatus ?? 200;
        ctx.body = existing.responseBody;
        ctx.set('Idempotent-Replayed', 'true');
        return;
      }
      if (!claimed) throw new ApiError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    }

    try {
      await next();
    } catch (error) {
      await em.nativeDelete(IdempotencyRecordSchema, identity);
      throw error;
    }
    if (ctx.status >= 500) {
      await em.nativeDelete(IdempotencyRecordSchema, identity);
      return;
    }
    await em.nativeUpdate(IdempotencyRecordSchema, identity, {
      state: 'COMPLETED',
      responseStatus: ctx.status,
      responseBody: ctx.body,
    });
  };
}
