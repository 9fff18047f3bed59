import type { Router } from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';

/** A control API answer: JSON with its status. */
export function json(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.body = body;
}

/** A control request's body checked by `schema`; a 400 naming the issues otherwise (undefined). */
export async function parseControlBody<T>(
  ctx: Context,
  schema: z.ZodType<T>,
  read: (ctx: Context) => Promise<unknown>,
): Promise<T | undefined> {
  const result = schema.safeParse(await read(ctx));
  if (result.success) return result.data;
  json(ctx, 400, { error: 'invalid request body', issues: result.error.issues });
  return undefined;
}

/** Something a tester sets through the control API (faults, outages): read, replaced, and cleared. */
export interface ControlSetting<Body> {
  path: string;
  schema: z.ZodType<Body>;
  apply(body: Body): void;
  snapshot(): unknown;
  /** Omitted where the setting has no DELETE (outages end by themselves). */
  clear?(): void;
}

type Parse = <T>(ctx: Context, schema: z.ZodType<T>) => Promise<T | undefined>;

/** GET, PUT (and DELETE) of one setting, as every simulator's control API has them. */
export function registerControlSetting<Body>(
  router: Router,
  parse: Parse,
  setting: ControlSetting<Body>,
): void {
  router.get(setting.path, (ctx) => json(ctx, 200, setting.snapshot()));
  router.put(setting.path, async (ctx) => {
    const body = await parse(ctx, setting.schema);
    if (body === undefined) return;
    setting.apply(body);
    json(ctx, 200, setting.snapshot());
  });
  const clear = setting.clear;
  if (clear) {
    router.delete(setting.path, (ctx) => {
      clear();
      json(ctx, 200, setting.snapshot());
    });
  }
}

/** POST /__simulator/reset: forgets every payment, fault and outage. */
export function registerReset(router: Router, reset: () => void): void {
  router.post('/__simulator/reset', (ctx) => {
    reset();
    json(ctx, 200, { ok: true });
  });
}

/** What a simulator keeps its faults in (simulator-kit/faults.ts FaultBook). */
interface FaultStore<Faults> {
  set(faults: Faults, key?: string): void;
  snapshot(): unknown;
  clear(): void;
}

/** `/__simulator/faults`: faults for every payment, or for the one the body's key names. */
export function faultsSetting<Faults, Body extends { faults: Faults }>(
  book: FaultStore<Faults>,
  schema: z.ZodType<Body>,
  keyOf: (body: Body) => string | undefined,
): ControlSetting<Body> {
  return {
    path: '/__simulator/faults',
    schema,
    apply: (body) => book.set(body.faults, keyOf(body)),
    snapshot: () => book.snapshot(),
    clear: () => book.clear(),
  };
}

/** `/__simulator/outages`: APIs taken away for a while (they come back by themselves). */
export function outagesSetting<Changes>(
  book: { set(changes: Changes): void; snapshot(): unknown },
  schema: z.ZodType<Changes>,
): ControlSetting<Changes> {
  return {
    path: '/__simulator/outages',
    schema,
    apply: (body) => book.set(body),
    snapshot: () => book.snapshot(),
  };
}
