import { postJournalEntry } from '../../../db/ledger/ledger.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { startStack, type Stack } from '../../helpers/stack.js';

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

/**
 * The operators' webhook deliveries and ledger journal continue by cursor (`after` = the previous
 * page's pagination.nextCursor) past the 10,000 rows page numbers reach, each read through an
 * index that serves its order. The rows are written straight into a database of the suite's own:
 * journal entries without payments behind them must never reach the shared one.
 */
describe('operator lists by cursor', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let stack: Stack;
  let session: Session;
  let appId: number;
  /** Newest first, as the list reads them. */
  const eventIds: string[] = [];
  const entryIds: number[] = [];

  beforeAll(async () => {
    scratch = await scratchDatabase();
    stack = await startStack({ worker: false, databaseUrl: scratch.url });
    const operator = await stack.createOperator('FINANCE');
    session = await stack.adminLogin(operator.email, operator.password);
    appId = Number((await stack.registerApp()).app.id);
    const em = stack.em();
    const base = Date.parse('2026-11-01T00:00:00Z');
    // Seven events; the middle three share one instant, so the id decides their order.
    const instants = [0, 1, 2, 2, 2, 3, 4].map((step) => new Date(base + step * 60_000));
    const made: Array<{ id: string; at: Date }> = instants.map((at, i) => ({
      id: `evt_${String(i).padStart(24, '0')}`,
      at,
    }));
    for (const { id, at } of made) {
      await em.execute(
        `insert into events (id, app_id, mode, type, source_type, source_id, payload, delivery_status, created_at)
         values (?, ?, 'LIVE', 'payment.succeeded', 'payment', ?, '{}', 'NO_ENDPOINT', ?)`,
        [id, appId, `pay_${id.slice(-20)}`, at],
      );
    }
    eventIds.push(
      ...made.sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id)).map((e) => e.id),
    );

    for (let i = 0; i < 7; i++) {
      const { entryId } = await em.transactional((tx) =>
        postJournalEntry(tx, {
          kind: 'CAPTURE',
          sourceId: `pay_${String(i).padStart(20, '0')}`,
          mode: 'LIVE',
          currency: 'BDT',
          postings: [
            {
              account: { type: 'GATEWAY_CLEARING', mode: 'LIVE', currency: 'BDT', gateway: 'sslcommerz' },
              amountMinor: 100,
            },
            {
              account: { type: 'APP_PAYABLE', mode: 'LIVE', currency: 'BDT', appId: String(appId) },
              amountMinor: -100,
            },
          ],
        }),
      );
      entryIds.unshift(entryId);
    }
  });
  afterAll(async () => {
    await stack?.close();
    await scratch?.drop();
  });

  /** Follows nextCursor from the first page to the last, collecting each page's ids. */
  async function walk<T>(path: string, idOf: (item: any) => T, cursorShape: RegExp) {
    const seen: T[] = [];
    let url = path;
    for (let pages = 0; pages < 10; pages++) {
      const response = await session.call('GET', url);
      expect(response.status).toBe(200);
      seen.push(...(response.body.data.items as unknown[]).map(idOf));
      const next = response.body.pagination.nextCursor as string | null;
      if (next === null) return seen;
      expect(next).toMatch(cursorShape);
      url = `${path}&after=${encodeURIComponent(next)}`;
    }
    throw new Error(`${path} did not end`);
  }

  it('walks the webhook deliveries by cursor, newest first, the same as by page number', async () => {
    const path = `/api/v1/admin/webhooks/events?mode=LIVE&appId=${appId}&size=3`;
    expect(await walk(path, (e: { id: string }) => e.id, /^c2_/)).toEqual(eventIds);
    const byPage = await session.call('GET', `${path}&page=2`);
    expect(byPage.body.data.items.map((e: { id: string }) => e.id)).toEqual(eventIds.slice(3, 6));
    // Without the app filter too, and a cursor of LIVE names nothing in TEST.
    const first = await session.call('GET', '/api/v1/admin/webhooks/events?mode=LIVE&size=2');
    const next = first.body.pagination.nextCursor as string;
    const second = await session.call('GET', `/api/v1/admin/webhooks/events?mode=LIVE&size=2&after=${next}`);
    expect(second.body.data.items.map((e: { id: string }) => e.id)).toEqual(eventIds.slice(2, 4));
    const elsewhere = await session.call(
      'GET',
      `/api/v1/admin/webhooks/events?mode=TEST&size=2&after=${next}`,
    );
    expect([elsewhere.status, elsewhere.body.data.items]).toEqual([200, []]);
  });

  it('walks the ledger journal by cursor, newest first, keeping its filters', async () => {
    const path = '/api/v1/admin/ledger/journal?mode=LIVE&kind=CAPTURE&size=3';
    expect(await walk(path, (e: { id: number }) => e.id, /^c1_/)).toEqual(entryIds);
    const byPage = await session.call('GET', `${path}&page=3`);
    expect(byPage.body.data.items.map((e: { id: number }) => e.id)).toEqual(entryIds.slice(6));
    expect(byPage.body.data.items[0].postings).toHaveLength(2);
    const none = await session.call('GET', '/api/v1/admin/ledger/journal?mode=LIVE&kind=REFUND&size=3');
    expect(none.body.pagination.nextCursor).toBeNull();
  });

  it('refuses a malformed, foreign or combined cursor, and a page past 10,000 rows', async () => {
    const events = '/api/v1/admin/webhooks/events?mode=LIVE';
    const journal = '/api/v1/admin/ledger/journal?mode=LIVE';
    const evtOf = (text: string) => `c2_${Buffer.from(text).toString('base64url')}`;
    const bad: Array<[string, string]> = [
      [events, 'nonsense'],
      [events, 'c1_MQ'], // a numeric cursor is not an event's
      [events, evtOf('evt_short')],
      [events, evtOf(`evt_${'A'.repeat(24)}`)],
      [journal, evtOf(`evt_${'0'.repeat(24)}`)],
      [journal, 'c1_LTE'],
    ];
    for (const [path, cursor] of bad) {
      const response = await session.call('GET', `${path}&after=${cursor}`);
      expect([response.status, response.body.meta.errorCode, response.body.meta.details[0].field]).toEqual([
        400,
        'VALIDATION_ERROR',
        'after',
      ]);
    }
    for (const path of [events, journal]) {
      const first = await session.call('GET', `${path}&size=2`);
      const combined = await session.call('GET', `${path}&page=2&after=${first.body.pagination.nextCursor}`);
      expect([combined.status, combined.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
      const deep = await session.call('GET', `${path}&size=100&page=101`);
      expect([deep.status, deep.body.meta.errorCode]).toEqual([400, 'PAGE_TOO_DEEP']);
    }
  });

  it('reads each list through an index that serves its order', async () => {
    const plan = async (sql: string, params: unknown[]) =>
      stack.em().transactional(async (tx) => {
        // A handful of rows would be read whole; ask how the order is served at any size.
        await tx.execute('set local enable_seqscan = off');
        const rows = await tx.execute<Array<{ 'QUERY PLAN': string }>>(`explain ${sql}`, params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    const events = await plan(
      `select * from events where mode = ? and (created_at, id) < (select c.created_at, c.id from events c where c.id = ? and c.mode = ?)
       order by created_at desc, id desc limit 20`,
      ['LIVE', eventIds[2], 'LIVE'],
    );
    expect(events).toContain('events_list_idx');
    expect(events).not.toMatch(/\bSort\b/);
    const journal = await plan(
      'select * from journal_entries e where e.mode = ? and e.id < ? order by e.id desc limit 20',
      ['LIVE', entryIds[2]],
    );
    expect(journal).toContain('journal_entries_journal_idx');
    expect(journal).not.toMatch(/\bSort\b/);
  });

  it('continues the dashboard pages by cursor past the depth page numbers reach', async () => {
    const page = async (path: string) => {
      const response = await stack.api('GET', path, { headers: { cookie: session.cookie } });
      return { status: response.status, html: String(response.body) };
    };
    const shown = (html: string) => [...html.matchAll(/>(evt_[0-9a-z]{24})</g)].map((m) => m[1]);
    // From a cursor: the rows after it, and the way back to the newest.
    const first = await session.call('GET', `/api/v1/admin/webhooks/events?mode=LIVE&appId=${appId}&size=2`);
    const fromCursor = await page(
      `/admin/webhooks?mode=LIVE&appId=${appId}&after=${first.body.pagination.nextCursor}`,
    );
    expect(fromCursor.status).toBe(200);
    expect([...new Set(shown(fromCursor.html))]).toEqual(eventIds.slice(2));
    expect(fromCursor.html).toMatch(/rel="first" href="\/admin\/webhooks\?appId=\d+&amp;mode=LIVE"/);
    const journalFirst = await session.call('GET', '/api/v1/admin/ledger/journal?mode=LIVE&size=2');
    const journalPage = await page(
      `/admin/ledger?mode=LIVE&after=${journalFirst.body.pagination.nextCursor}`,
    );
    expect(journalPage.status).toBe(200);
    // The verification above the journal names these entries too (no payments stand behind them).
    const journalPart = journalPage.html.slice(journalPage.html.indexOf('<h2>Journal</h2>'));
    const sources = [...journalPart.matchAll(/pay_0{19}(\d)/g)].map((m) => Number(m[1]));
    expect([...new Set(sources)]).toEqual([4, 3, 2, 1, 0]);
    expect(journalPage.html).toMatch(/rel="first"/);

    // A page number past 10,000 rows is refused on the page as in the API.
    for (const path of ['/admin/webhooks?mode=LIVE&page=501', '/admin/ledger?mode=LIVE&page=401']) {
      const deep = await page(path);
      expect(deep.status).toBe(400);
      expect(deep.html).toContain('Page numbers reach 10,000 rows deep');
    }

    // Past the last page that numbers reach, "Older" follows the cursor instead.
    const other = Number((await stack.registerApp()).app.id);
    await stack.em().execute(
      `insert into events (id, app_id, mode, type, source_type, source_id, payload, delivery_status, created_at)
       select 'evt_' || lpad(g::text, 24, 'a'), ?, 'LIVE', 'payment.failed', 'payment', 'pay_' || lpad(g::text, 20, 'a'),
              '{}', 'NO_ENDPOINT', now() - g * interval '1 second'
         from generate_series(1, 10030) g`,
      [other],
    );
    const last = await page(`/admin/webhooks?mode=LIVE&appId=${other}&page=500`);
    expect(last.status).toBe(200);
    const older = /rel="next" href="([^"]+)"/.exec(last.html)![1]!.replaceAll('&amp;', '&');
    expect(older).toMatch(/after=c2_/);
    expect(older).not.toMatch(/page=/);
    const beyond = await page(older);
    expect(beyond.status).toBe(200);
    expect(new Set(shown(beyond.html)).size).toBe(20);
    expect(shown(beyond.html)[0]).toBe(`evt_${'10001'.padStart(24, 'a')}`);
  });

  it('states the cursors in the OpenAPI document', async () => {
    const doc = await stack.api('GET', '/api/v1/openapi.json');
    for (const path of ['/admin/webhooks/events', '/admin/ledger/journal']) {
      expect(doc.body.paths[path].get.parameters.map((p: { name: string }) => p.name)).toContain('after');
    }
  });
});
