import { findSavedView, listSavedViews } from '../../../db/reports/saved-views.js';
import type { Role } from '../../../domain/operators/permissions.js';
import { SAVED_VIEW_LISTS, SAVED_VIEW_PAGES } from '../../../domain/reports/saved-views.js';
import { signInAs, type AdminSession } from '../../helpers/apps-admin.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Saved views of the dashboard's lists, on the real API over HTTP: saved from a list page's strip
 * or the admin API, shared with every operator who reads the list, opened as links, refused for a
 * name the list already has, and removed only by whoever saved them or an ADMIN.
 */
describe('saved views', () => {
  let stack: Stack;
  const sessions: Partial<Record<Role, AdminSession & { operatorId: number }>> = {};
  let emails: Partial<Record<Role, string>> = {};

  const as = async (role: Role) => {
    if (!sessions[role]) {
      sessions[role] = await signInAs(stack, role);
      const [row] = await stack
        .em()
        .execute<Array<{ email: string }>>('select email from operators where id = ?', [
          sessions[role]!.operatorId,
        ]);
      emails = { ...emails, [role]: row!.email };
    }
    return sessions[role]!;
  };
  const page = async (role: Role, path: string) => {
    const session = await as(role);
    const response = await stack.api('GET', path, { headers: { cookie: session.cookie } });
    return {
      status: response.status,
      html: String(response.body),
      location: response.headers.get('location'),
    };
  };
  const form = async (role: Role, path: string, fields: Record<string, string>) => {
    const session = await as(role);
    const response = await stack.api('POST', path, {
      rawBody: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { status: response.status, location: response.headers.get('location') ?? '' };
  };
  /** Whether a page draws the strip of this list's views. */
  const hasStrip = (html: string, list: string) =>
    new RegExp(`data-testid="saved-views"\\s+data-list="${list}"`).test(html);
  const flashOf = (location: string) => Object.fromEntries(new URL(location, 'http://x').searchParams);
  const audit = (action: string) =>
    stack
      .em()
      .execute<Array<{ actor_label: string; target_id: string; before: unknown; after: unknown }>>(
        "select actor_label, target_id, before, after from audit_log where action = ? and target_type = 'saved_view' order by id",
        [action],
      );
  const api = async (role: Role, method: string, path: string, body?: unknown) =>
    (await as(role)).call(method, `/api/v1/admin${path}`, { body });

  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack?.close());

  it('saves the filters a list page shows from its strip, for every operator who reads the list', async () => {
    const shown = await page('FINANCE', '/admin/payments?mode=LIVE&status=FAILED&gateway=&page=2');
    expect(shown.status).toBe(200);
    expect(hasStrip(shown.html, 'payments')).toBe(true);
    expect(shown.html).toContain('data-testid="no-saved-views"');
    // What the strip's form keeps: the filters, not the page nor the empty gateway.
    expect(shown.html).toContain('name="query" value="mode=LIVE&amp;status=FAILED"');

    const saved = await form('FINANCE', '/admin/saved-views', {
      list: 'payments',
      query: 'mode=LIVE&status=FAILED',
      name: 'LIVE failures',
    });
    expect(saved.status).toBe(302);
    expect(saved.location.startsWith('/admin/payments?mode=LIVE&status=FAILED&ok=')).toBe(true);
    expect(flashOf(saved.location).ok).toMatch(/Saved the view “LIVE failures”/);

    const [stored] = await listSavedViews(stack.em(), 'payments');
    expect(stored).toEqual({
      id: expect.any(Number),
      list: 'payments',
      name: 'LIVE failures',
      filters: { mode: 'LIVE', status: 'FAILED' },
      createdBy: emails.FINANCE,
      createdAt: expect.any(Date),
    });
    expect(await findSavedView(stack.em(), stored!.id)).toEqual(stored);
    expect(await findSavedView(stack.em(), 999_999_999)).toBeNull();
    expect(await audit('saved_view.created')).toEqual([
      {
        actor_label: emails.FINANCE,
        target_id: String(stored!.id),
        before: null,
        after: { list: 'payments', name: 'LIVE failures', filters: { mode: 'LIVE', status: 'FAILED' } },
      },
    ]);

    // Shared: a VIEWER sees it as a link to the list with its filters, without a delete button.
    const other = await page('VIEWER', '/admin/payments');
    expect(other.html).toContain(`data-view-id="${stored!.id}"`);
    expect(other.html).toContain('href="/admin/payments?mode=LIVE&amp;status=FAILED"');
    expect(other.html).not.toContain('data-testid="saved-view-delete"');
    // Its creator gets the button; applying the view marks it as the one shown.
    const applied = await page('FINANCE', '/admin/payments?mode=LIVE&status=FAILED');
    expect(applied.status).toBe(200);
    expect(applied.html).toContain('data-testid="saved-view-delete"');
    expect(applied.html).toMatch(
      /href="\/admin\/payments\?mode=LIVE&amp;status=FAILED"\s+aria-current="true"/,
    );
    expect(applied.html).toContain('0 payment(s) in LIVE');
  });

  it('keeps an empty filter a list reads as a choice, so the refunds view of every status stays so', async () => {
    const saved = await form('FINANCE', '/admin/saved-views', {
      list: 'refunds',
      query: 'status=&mode=TEST&appId=',
      name: 'Every TEST refund',
    });
    expect(saved.status).toBe(302);
    const views = await listSavedViews(stack.em(), 'refunds');
    expect(views.map((v) => [v.name, v.filters])).toEqual([
      ['Every TEST refund', { mode: 'TEST', status: '' }],
    ]);
    expect((await page('VIEWER', '/admin/refunds')).html).toContain(
      'href="/admin/refunds?mode=TEST&amp;status="',
    );
  });

  it('shows the strip on every list page, to the roles that read the list', async () => {
    for (const list of SAVED_VIEW_LISTS) {
      const shown = await page('ADMIN', SAVED_VIEW_PAGES[list].path);
      expect([list, shown.status]).toEqual([list, 200]);
      expect([list, hasStrip(shown.html, list)]).toEqual([list, true]);
    }
    // The ledger is FINANCE's and ADMIN's: a VIEWER is refused the page, strip and all.
    const refused = await page('VIEWER', '/admin/ledger');
    expect(refused.status).toBe(403);
    expect(refused.html).not.toContain('data-testid="saved-views"');
    // Pages that are not lists have none.
    expect((await page('VIEWER', '/admin')).html).not.toContain('data-testid="saved-views"');
  });

  it('lists, saves and refuses through the admin API with stable error codes', async () => {
    const created = await api('FINANCE', 'POST', '/saved-views', {
      list: 'journal',
      name: 'LIVE captures',
      filters: { mode: 'LIVE', kind: 'CAPTURE', page: '4', size: '50', source: '' },
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      list: 'journal',
      name: 'LIVE captures',
      filters: { kind: 'CAPTURE', mode: 'LIVE' },
      path: '/admin/ledger?kind=CAPTURE&mode=LIVE',
      createdBy: emails.FINANCE,
      mayDelete: true,
    });

    const listed = await api('FINANCE', 'GET', '/saved-views?list=journal');
    expect(listed.status).toBe(200);
    expect(listed.body.data.items.map((v: { name: string }) => v.name)).toEqual(['LIVE captures']);

    // The same name in another case is taken; in another list it is free.
    const again = await api('ADMIN', 'POST', '/saved-views', {
      list: 'journal',
      name: 'live CAPTURES',
      filters: {},
    });
    expect([again.status, again.body.meta.errorCode]).toEqual([409, 'SAVED_VIEW_NAME_TAKEN']);
    const elsewhere = await api('FINANCE', 'POST', '/saved-views', {
      list: 'audit',
      name: 'LIVE captures',
      filters: { action: 'refund.' },
    });
    expect(elsewhere.status).toBe(201);

    for (const [body, field] of [
      [{ list: 'disbursements', name: 'x', filters: {} }, 'list'],
      [{ list: 'payments', name: '   ', filters: {} }, 'name'],
      [{ list: 'payments', name: 'x'.repeat(81), filters: {} }, 'name'],
      [{ list: 'payments', name: 'x', filters: { 'two words': 'a' } }, 'filters.two words'],
      [{ list: 'payments', name: 'x', filters: { mode: 5 } }, 'filters.mode'],
      [{ list: 'payments', name: 'x', filters: { mode: 'LI\u0000VE' } }, 'filters.mode'],
      [{ list: 'payments', name: 'a\u0000b', filters: {} }, 'name'],
      [{ list: 'payments', name: 'x', colour: 'red' }, 'colour'],
    ] as const) {
      const refused = await api('FINANCE', 'POST', '/saved-views', body);
      expect([refused.status, refused.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
      expect(refused.body.meta.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const unknownList = await api('FINANCE', 'GET', '/saved-views?list=disbursements');
    expect([unknownList.status, unknownList.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);

    // A VIEWER does not read the journal: its views are not theirs to see or to save.
    const viewerAll = await api('VIEWER', 'GET', '/saved-views');
    const lists = viewerAll.body.data.items.map((v: { list: string }) => v.list);
    expect(lists).toContain('payments');
    expect(lists).not.toContain('journal');
    for (const refused of [
      await api('VIEWER', 'GET', '/saved-views?list=journal'),
      await api('VIEWER', 'POST', '/saved-views', { list: 'journal', name: 'mine', filters: {} }),
    ])
      expect([refused.status, refused.body.meta.errorCode]).toEqual([403, 'FORBIDDEN']);
    const hidden = await api('VIEWER', 'DELETE', `/saved-views/${created.body.data.id}`);
    expect([hidden.status, hidden.body.meta.errorCode]).toEqual([404, 'SAVED_VIEW_NOT_FOUND']);
  });

  it('is deleted by whoever saved it or an ADMIN, never by another operator', async () => {
    const mine = await api('SUPPORT', 'POST', '/saved-views', {
      list: 'webhooks',
      name: 'Failed deliveries',
      filters: { deliveryStatus: 'FAILED', mode: 'LIVE' },
    });
    expect(mine.status).toBe(201);
    const id = mine.body.data.id as number;

    const byOther = await api('VIEWER', 'DELETE', `/saved-views/${id}`);
    expect([byOther.status, byOther.body.meta.errorCode]).toEqual([403, 'FORBIDDEN']);
    const byOtherForm = await form('FINANCE', `/admin/saved-views/${id}/delete`, {
      returnTo: '/admin/webhooks?mode=LIVE',
    });
    expect(byOtherForm.status).toBe(302);
    expect(byOtherForm.location.startsWith('/admin/webhooks?mode=LIVE&error=')).toBe(true);
    expect(flashOf(byOtherForm.location).error).toMatch(/Only the operator who saved this view, or an ADMIN/);
    expect(await findSavedView(stack.em(), id)).not.toBeNull();

    const byOwner = await form('SUPPORT', `/admin/saved-views/${id}/delete`, { returnTo: '/admin/webhooks' });
    expect(flashOf(byOwner.location).ok).toMatch(/Deleted the view “Failed deliveries”/);
    expect(await findSavedView(stack.em(), id)).toBeNull();
    const gone = await api('SUPPORT', 'DELETE', `/saved-views/${id}`);
    expect([gone.status, gone.body.meta.errorCode]).toEqual([404, 'SAVED_VIEW_NOT_FOUND']);
    const nonsense = await api('SUPPORT', 'DELETE', '/saved-views/abc');
    expect([nonsense.status, nonsense.body.meta.errorCode]).toEqual([404, 'SAVED_VIEW_NOT_FOUND']);

    const finance = await api('FINANCE', 'GET', '/saved-views?list=payments');
    const theirs = finance.body.data.items[0] as { id: number; name: string };
    const byAdmin = await api('ADMIN', 'DELETE', `/saved-views/${theirs.id}`);
    expect([byAdmin.status, byAdmin.body.data.name]).toEqual([200, theirs.name]);
    expect(await audit('saved_view.deleted')).toEqual([
      expect.objectContaining({ actor_label: emails.SUPPORT, target_id: String(id), after: null }),
      expect.objectContaining({
        actor_label: emails.ADMIN,
        target_id: String(theirs.id),
        before: expect.objectContaining({ list: 'payments', name: theirs.name }),
      }),
    ]);
  });

  it('refuses a dashboard save with a name the list already has, and one without a name', async () => {
    await api('FINANCE', 'POST', '/saved-views', {
      list: 'invoices',
      name: 'Overdue',
      filters: { overdue: 'true' },
    });
    const taken = await form('VIEWER', '/admin/saved-views', {
      list: 'invoices',
      query: 'mode=LIVE',
      name: 'OVERDUE',
    });
    expect(taken.location.startsWith('/admin/invoices?mode=LIVE&error=')).toBe(true);
    expect(flashOf(taken.location).error).toMatch(/already has a saved view named “OVERDUE”/);
    const blank = await form('VIEWER', '/admin/saved-views', { list: 'invoices', query: '', name: ' ' });
    expect(flashOf(blank.location).error).toMatch(/name/);
    const noList = await form('VIEWER', '/admin/saved-views', { list: 'nothing', query: '', name: 'x' });
    expect(flashOf(noList.location).error).toMatch(/no such list/);
    expect((await listSavedViews(stack.em(), 'invoices')).map((v) => v.name)).toEqual(['Overdue']);
  });
});
