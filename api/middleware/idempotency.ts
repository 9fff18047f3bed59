import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { Orm } from '../../platform/orm/orm.js';
import { IdempotencyRecordSchema } from '../../platform/orm/entities.js';
import type { AppScope } from '../../db/payments/payments.js';
import { ApiError } from '../../domain/shared/errors.js';
import { IDEMPOTENCY_REPLAY_SECONDS } from '../../domain/shared/idempotency.js';
import { readJson } from './body.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const REPLAY_WINDOW_MS = IDEMPOTENCY_REPLAY_SECONDS * 1000;

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
 * How long a request holds its key. A request that crashed (or lost its database) without
 * finishing leaves its claim behind; after this a retry takes the key over.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

/**
 * Idempotency-Key semantics for creating POSTs (Stripe's, and the IETF draft's): the first
 * response is stored and replayed for 24 h; the same key with another body is 422; the same key
 * while the first request is still running is 409. The claim is a short lease: a request that
 * failed releases it at once, one that crashed loses it after a minute. The handler sees the claim
 * (`ctx.state.idempotencyClaim`) and stores it with what it creates, so a retry that takes the key
 * over answers with what the first request created instead of creating it twice.
 */
export function idempotency(deps: { orm: Orm; logger?: Pick<Logger, 'error'> }): Middleware {
  return async (ctx, next) => {
    // A header that is present but empty is a mistake, not a request without a key.
    const given = ctx.headers['idempotency-key'] ?? ctx.headers['x-idempotency-key'];
    if (given === undefined) return next();
    const key = Array.isArray(given) ? given.join(', ') : given;
    if (!KEY_PATTERN.test(key)) throw new ApiError('INVALID_IDEMPOTENCY_KEY');
    const scope = ctx.state.scope as AppScope;
    const body = await readJson(ctx);
    const requestHash = createHash('sha256')
      .update(`${ctx.method} ${ctx.path}\n${canonicalJson(body)}`)
      .digest('hex');
    const em = deps.orm.em.fork() as EntityManager;
    const identity = { appId: scope.appId, mode: scope.mode, key };

    /** Claims the key; returns when it was first claimed, or null when another request holds it. */
    const claim = async () => {
      const rows = await em.execute<Array<{ created_at: Date }>>(
        `insert into idempotency_keys (app_id, mode, key, request_hash, state) values (?, ?, ?, ?, 'IN_PROGRESS')
         on conflict do nothing returning created_at`,
        [scope.appId, scope.mode, key, requestHash],
      );
      return rows[0] ? new Date(rows[0].created_at) : null;
    };
    /** Takes over a claim whose request is gone: its lease ran out, or it released it. */
    const takeOver = async () =>
      (
        await em.execute<unknown[]>(
          `update idempotency_keys set claimed_at = now()
            where app_id = ? and mode = ? and key = ? and state = 'IN_PROGRESS'
              and claimed_at < now() - make_interval(secs => ?)
           returning key`,
          [scope.appId, scope.mode, key, IDEMPOTENCY_LEASE_SECONDS],
        )
      ).length === 1;

    let claimedAt = await claim();
    if (!claimedAt) {
      const existing = await em.findOne(IdempotencyRecordSchema, identity, { disableIdentityMap: true });
      if (existing && Date.now() - existing.createdAt.getTime() > REPLAY_WINDOW_MS) {
        // Compared in the database: its timestamps are finer than a JavaScript Date.
        await em.execute(
          `delete from idempotency_keys where app_id = ? and mode = ? and key = ?
             and created_at < now() - make_interval(secs => ?)`,
          [scope.appId, scope.mode, key, REPLAY_WINDOW_MS / 1000],
        );
        claimedAt = await claim();
      } else if (existing) {
        if (existing.requestHash !== requestHash) throw new ApiError('IDEMPOTENCY_KEY_REUSED');
        if (existing.state === 'COMPLETED') {
          ctx.status = existing.responseStatus ?? 200;
          ctx.body = existing.responseBody;
          ctx.set('Idempotent-Replayed', 'true');
          return;
        }
        if (await takeOver()) claimedAt = existing.createdAt;
      }
      if (!claimedAt) throw new ApiError('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    }

    const forget = () =>
      em
        .nativeDelete(IdempotencyRecordSchema, identity)
        .catch((error: unknown) => deps.logger?.error({ err: error }, 'could not free an idempotency key'));
    // A failed request lets the next try in at once; if even that fails, the lease runs out.
    const release = () =>
      em
        .nativeUpdate(
          IdempotencyRecordSchema,
          { ...identity, state: 'IN_PROGRESS' },
          { claimedAt: new Date(0) },
        )
        .catch((error: unknown) =>
          deps.logger?.error({ err: error }, 'could not release an idempotency key'),
        );

    // The key and when it was first used: the same for every try within the replay window, new
    // once the key is used again after it, so an old key never answers for a new request.
    ctx.state.idempotencyClaim = `${claimedAt.getTime()}:${key}`;
    try {
      await next();
    } catch (error) {
      // A refused request changed nothing: the key is free for a corrected one. Any other
      // failure may have: the key stays bound to this body, free to retry at once.
      if (error instanceof ApiError && error.status < 500) await forget();
      else await release();
      throw error;
    }
    if (ctx.status >= 500) {
      await release();
      return;
    }
    try {
      await em.nativeUpdate(IdempotencyRecordSchema, identity, {
        state: 'COMPLETED',
        responseStatus: ctx.status,
        responseBody: ctx.body,
      });
    } catch (error) {
      // The work is done and its answer is ready: give it. A retry recovers it from the
      // created row once the lease runs out.
      deps.logger?.error({ err: error }, 'could not store an idempotent response');
    }
  };
}
