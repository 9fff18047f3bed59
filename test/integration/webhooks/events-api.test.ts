import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { recordEvent } from '../../../db/webhooks/events.js';
import { pruneEvents } from '../../../db/payments/pruning.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { randomToken } from '../../../domain/shared/ids.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../../helpers/stack.js';

type Event = {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
  deliveryStatus: string;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * GET /api/v1/events: an app reads back every event it was sent, as its webhook delivered it, in
 * its credential's mode and for the retention window; the sweeper prunes what is older.
 */
describe('events API', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let other: Awaited<ReturnType<Stack['registerApp']>>;
  let payment: { id: number; reference: string };
  let delivered: { id: string; type: string; timestamp: string; data: Record<string, unknown> };

  beforeAll(async () => {
    stack = await startStack();
    receiver = await startWebhookReceiver();
    app = await stack.registerApp();
    other = await stack.registerApp();
    const { secret } = await stack.setWebhook(app.app.id, receiver.url);
    payment = await stack.paidPayment(app.test);
    delivered = (await receiver.verified(secret, 'payment.succeeded', payment.reference)) as typeof delivered;
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
  });

  const list = (query: string, creds: Credentials = app.test) =>
    stack.api<{ data: { items: Event[] }; pagination: Record<string, unknown>; meta: any }>(
      'GET',
      `/api/v1/events${query ? `?${query}` : ''}`,
      { creds },
    );
  const ids = (response: { body: { data: { items: Event[] } } }) => response.body.data.items.map((e) => e.id);

  /** An event written straight into the outbox, at `at`, as the settling step writes one. */
  async function addEvent(
    appId: number,
    input: { mode?: Mode; type?: string; sourceType?: string; sourceId?: string; at?: Date } = {},
  ): Promise<string> {
    const { eventId } = await recordEvent(stack.em(), {
      appId,
      mode: input.mode ?? 'TEST',
      type: input.type ?? 'payment.succeeded',
      sourceType: input.sourceType ?? 'payment',
      sourceId: input.sourceId ?? `pay_${randomToken(20)}`,
      data: delivered.data,
    });
    if (input.at) {
      await stack
        .em()
        .execute(
          `update events set created_at = ?, payload = jsonb_set(payload, '{timestamp}', to_jsonb(?::text)) where id = ?`,
          [input.at, input.at.toISOString(), eventId],
        );
    }
    return eventId;
  }

  it('lists the payment.succeeded event as its webhook delivered it, and reads it by id', async () => {
    const item = await eventually(
      async () => {
        const found = (await list('')).body.data.items.find((e) => e.id === delivered.id);
        return found?.deliveryStatus === 'DELIVERED' ? found : null;
      },
      20_000,
      'the delivered event listed',
    );
    expect(item).toEqual({ ...delivered, deliveryStatus: 'DELIVERED' });
    expect(item.data).toMatchObject({ reference: payment.reference, status: 'SUCCEEDED' });

    const one = await stack.api('GET', `/api/v1/events/${delivered.id}`, { creds: app.test });
    expect(one.status).toBe(200);
    expect(one.body.data).toEqual(item);
  });

  it('filters by type, by time and by payment (its refunds included)', async () => {
    const byType = await list('type=payment.succeeded');
    expect(byType.status).toBe(200);
    expect(ids(byType)).toContain(delivered.id);
    expect(byType.body.data.items.every((e) => e.type === 'payment.succeeded')).toBe(true);
    expect(ids(await list('type=refund.succeeded'))).not.toContain(delivered.id);
    expect(ids(await list('type=payment.failed,payment.succeeded'))).toContain(delivered.id);

    // `since` is inclusive, `until` exclusive, both on the instant the event was written.
    expect(ids(await list(`since=${encodeURIComponent(delivered.timestamp)}`))).toContain(delivered.id);
    expect(ids(await list(`until=${encodeURIComponent(delivered.timestamp)}`))).not.toContain(delivered.id);
    const later = new Date(Date.parse(delivered.timestamp) + 1).toISOString();
    expect(ids(await list(`until=${encodeURIComponent(later)}`))).toContain(delivered.id);
    expect(ids(await list(`since=${encodeURIComponent(later)}&type=payment.succeeded`))).not.toContain(
      delivered.id,
    );

    const refund = await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
      creds: app.test,
      body: { amountMinor: 1000, reason: 'returned' },
    });
    expect(refund.status).toBe(201);
    const elsewhere = await addEvent(app.app.id);
    for (const key of [payment.reference, String(payment.id)]) {
      const about = await list(`payment=${key}`);
      expect(about.status).toBe(200);
      const types = about.body.data.items.map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['payment.succeeded', 'refund.created']));
      expect(ids(about)).not.toContain(elsewhere);
      const refundEvent = about.body.data.items.find((e) => e.type === 'refund.created')!;
      expect(refundEvent.data).toMatchObject({
        reference: refund.body.data.reference,
        paymentReference: payment.reference,
      });
    }
    // A payment of another app (or none) has no events here.
    const theirs = await stack.createPayment(other.test);
    const none = await list(`payment=${theirs.reference}`);
    expect([none.status, none.body.data.items, none.body.pagination.totalItems]).toEqual([200, [], 0]);
  });

  it('pages newest first by cursor over several pages, keeping the filters', async () => {
    const paged = await stack.registerApp();
    const base = Date.now() - 60_000;
    const written: string[] = [];
    for (let i = 0; i < 5; i++)
      written.unshift(await addEvent(paged.app.id, { at: new Date(base + i * 1000) }));
    await addEvent(paged.app.id, { type: 'refund.created', sourceType: 'refund', at: new Date(base + 500) });

    const seen: string[] = [];
    let query = 'size=2&type=payment.succeeded';
    for (let pages = 0; pages < 5; pages++) {
      const response = await list(query, paged.test);
      expect(response.status).toBe(200);
      expect(response.body.pagination).toMatchObject({ size: 2, totalItems: 5, totalPages: 3 });
      seen.push(...ids(response));
      const next = response.body.pagination.nextCursor as string | null;
      if (next === null) break;
      expect(next).toMatch(/^c2_/);
      query = `size=2&type=payment.succeeded&after=${encodeURIComponent(next)}`;
    }
    expect(seen).toEqual(written);
    expect(ids(await list('size=2&page=2&type=payment.succeeded', paged.test))).toEqual(written.slice(2, 4));

    // A cursor names nothing in another app's list.
    const first = await list('size=2', paged.test);
    const foreign = await list(`size=2&after=${first.body.pagination.nextCursor}`, other.test);
    expect([foreign.status, foreign.body.data.items]).toEqual([200, []]);
  });

  it("answers 404 EVENT_NOT_FOUND for another app's event, and a TEST credential never sees LIVE events", async () => {
    const foreign = await stack.api('GET', `/api/v1/events/${delivered.id}`, { creds: other.test });
    expect([foreign.status, foreign.body.meta.errorCode]).toEqual([404, 'EVENT_NOT_FOUND']);
    expect(ids(await list('', other.test))).not.toContain(delivered.id);

    const live = await addEvent(app.app.id, { mode: 'LIVE' });
    expect(ids(await list('size=100'))).not.toContain(live);
    const asTest = await stack.api('GET', `/api/v1/events/${live}`, { creds: app.test });
    expect([asTest.status, asTest.body.meta.errorCode]).toEqual([404, 'EVENT_NOT_FOUND']);
    const asLive = await stack.api('GET', `/api/v1/events/${live}`, { creds: app.live });
    expect([asLive.status, asLive.body.data.id]).toEqual([200, live]);
    expect(ids(await list('', app.live))).toEqual([live]);
    expect(ids(await list('', app.live))).not.toContain(delivered.id);

    for (const id of ['evt_nonsense', 'nothing', `evt_${'0'.repeat(24)}`]) {
      const missing = await stack.api('GET', `/api/v1/events/${id}`, { creds: app.test });
      expect([missing.status, missing.body.meta.errorCode]).toEqual([404, 'EVENT_NOT_FOUND']);
    }
  });

  it('refuses bad filters with 400 VALIDATION_ERROR naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['type=payment.nope', 'type'],
      ['type=', 'type'],
      ['type=payment.succeeded,%20refund.failed', 'type'],
      ['since=yesterday', 'since'],
      ['until=2026-13-01', 'until'],
      ['payment=abc', 'payment'],
      ['after=nonsense', 'after'],
      ['size=0', 'size'],
      ['colour=blue', 'colour'],
    ];
    for (const [query, field] of cases) {
      const bad = await list(query);
      expect([query, bad.status, bad.body.meta.errorCode]).toEqual([query, 400, 'VALIDATION_ERROR']);
      expect(bad.body.meta.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const first = await list('size=1');
    const combined = await list(`page=2&after=${first.body.pagination.nextCursor}`);
    expect([combined.status, combined.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
    const deep = await list('page=501&size=20');
    expect([deep.status, deep.body.meta.errorCode]).toEqual([400, 'PAGE_TOO_DEEP']);
  });

  it('hides events past the retention window; the sweeper prunes those nothing still needs', async () => {
    const kept = await stack.registerApp();
    const old = new Date(Date.now() - 31 * DAY_MS);
    const recent = await addEvent(kept.app.id);
    const done = await addEvent(kept.app.id, { at: old });
    const retrying = await addEvent(kept.app.id, { at: old });
    const emailed = await addEvent(kept.app.id, { at: old });
    const em = stack.em();
    await em.execute(`update events set delivery_status = 'DELIVERED' where id in (?, ?)`, [done, emailed]);
    // A delivery that is still retrying: PENDING with an attempt on record.
    for (const id of [done, retrying]) {
      await em.execute(
        `insert into webhook_attempts (event_id, attempt, url, status_code, duration_ms) values (?, 1, 'https://hooks.example/x', 500, 3)`,
        [id],
      );
    }
    await em.execute(
      `insert into customer_emails (app_id, mode, kind, event_id, recipient, subject, status)
       values (?, 'TEST', 'payment_receipt', ?, 'customer@example.com', 'Your receipt', 'SKIPPED')`,
      [kept.app.id, emailed],
    );

    expect(ids(await list('', kept.test))).toEqual([recent]);
    for (const id of [done, retrying, emailed]) {
      const hidden = await stack.api('GET', `/api/v1/events/${id}`, { creds: kept.test });
      expect([hidden.status, hidden.body.meta.errorCode]).toEqual([404, 'EVENT_NOT_FOUND']);
    }
    expect(
      (await list(`since=${encodeURIComponent(new Date(old.getTime() - DAY_MS).toISOString())}`, kept.test))
        .body.data.items,
    ).toHaveLength(1);

    const sweeper = createSweeperActivities({
      orm: stack.orm,
      temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
    });
    const result = await sweeper.sweepStranded();
    expect(result.pruned?.events).toBeGreaterThanOrEqual(1);
    const remaining = await em.execute<Array<{ id: string }>>('select id from events where app_id = ?', [
      kept.app.id,
    ]);
    expect(remaining.map((r) => r.id).sort()).toEqual([recent, retrying, emailed].sort());
    const attempts = await em.execute<Array<{ event_id: string }>>(
      'select event_id from webhook_attempts where event_id in (?, ?)',
      [done, retrying],
    );
    expect(attempts.map((a) => a.event_id)).toEqual([retrying]);
    // Nothing left to prune for this app: a second pass changes nothing of it.
    await pruneEvents(em, { before: new Date(Date.now() - 30 * DAY_MS), limit: 100 });
    const again = await em.execute<Array<{ n: string }>>(
      'select count(*) as n from events where app_id = ?',
      [kept.app.id],
    );
    expect(Number(again[0]!.n)).toBe(3);
  });
});
