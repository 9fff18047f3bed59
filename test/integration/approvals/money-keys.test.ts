import { signInAs, whoAmI, type AdminSession } from '../../helpers/apps-admin.js';
import { runCli } from '../../helpers/cli.js';
import { operatorsOn, type Operator } from '../../helpers/second-persons.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Money out stays with money roles, for API keys: a LIVE key that may move money (a named key with
 * the refunds or payouts scope, or an app's LIVE pair, which holds every scope) is a key request.
 * No secret exists while it waits; a FINANCE or ADMIN operator other than the requester, and not
 * tied to them, approves it; the requester collects it once. TEST keys and LIVE keys without a
 * money scope are issued at once. Through the admin and app APIs on a real stack.
 */
describe('LIVE keys that may move money', () => {
  let stack: Stack;
  let developer: AdminSession & { operatorId: number };
  let finance: AdminSession & { operatorId: number };
  let tiedFinance: AdminSession & { operatorId: number };
  let admin: AdminSession & { operatorId: number };
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  const { secondPersons } = operatorsOn(() => stack);

  beforeAll(async () => {
    stack = await startStack();
    developer = await signInAs(stack, 'DEVELOPER');
    finance = await signInAs(stack, 'FINANCE');
    tiedFinance = await signInAs(stack, 'FINANCE');
    admin = await signInAs(stack, 'ADMIN');
    // The developer created the tied FINANCE account: what operator_ties records at creation.
    await stack
      .em()
      .execute(
        `insert into operator_ties (operator_id, by_operator_id, kind, at) values (?, ?, 'CREATE_OPERATOR', now())`,
        [tiedFinance.operatorId, developer.operatorId],
      );
    app = await stack.registerApp();
  });
  afterAll(() => stack?.close());

  const liveKeysOf = async (appId: number) =>
    stack
      .em()
      .execute<Array<{ id: string; name: string | null }>>(
        `select id, name from credentials where app_id = ? and mode = 'LIVE' and status = 'ACTIVE'`,
        [appId],
      );
  const audited = async (action: string, targetId: number | string) =>
    stack
      .em()
      .execute<Array<{ actor_label: string; after: Record<string, unknown> }>>(
        'select actor_label, after from audit_log where action = ? and target_id = ? order by id',
        [action, String(targetId)],
      );
  const step = (session: AdminSession, id: number, verb: string, body: unknown = {}) =>
    session.call('POST', `/api/v1/admin/key-requests/${id}/${verb}`, { body });
  const sendPayout = (creds: Credentials, key: string) =>
    stack.api('POST', '/api/v1/payouts', {
      creds,
      headers: { 'Idempotency-Key': key },
      body: { amountMinor: 1000, currency: 'BDT', rail: 'bkash', destination: { wallet: '01700000000' } },
    });
  /** The API's count of LIVE money keys issued, of a kind (the LiveMoneyKeyIssued alert reads it). */
  const liveMoneyKeysCounted = async (kind: 'NAMED_KEY' | 'APP_LIVE_PAIR'): Promise<number> => {
    const text = await fetch(`${stack.apiUrl}/metrics`).then((response) => response.text());
    const match = new RegExp(`^live_money_keys_issued_total\\{kind="${kind}"\\} (\\d+)`, 'm').exec(text);
    if (!match) throw new Error(`no live_money_keys_issued_total series for ${kind}`);
    return Number(match[1]);
  };

  it('A DEVELOPER’s new app gets no LIVE money key alone', async () => {
    const created = await developer.call('POST', '/api/v1/admin/apps', { body: { name: 'shop-money-keys' } });
    expect(created.status).toBe(201);
    const { app: newApp, credentials, liveKeyRequest } = created.body.data;
    // Its TEST pair at once, its LIVE pair a key request: no LIVE secret anywhere.
    expect(credentials.LIVE).toBeNull();
    expect(await whoAmI(stack, credentials.TEST)).toMatchObject({ status: 200 });
    expect(JSON.stringify(created.body)).not.toContain('oi_live_');
    expect(liveKeyRequest).toMatchObject({
      appId: newApp.id,
      mode: 'LIVE',
      kind: 'APP_LIVE_PAIR',
      action: 'app.live-credentials',
      scopes: null,
      status: 'WAITING',
      requestedByOperatorId: developer.operatorId,
    });
    expect(await liveKeysOf(newApp.id)).toEqual([]);

    // It waits in finance's approvals queue, and finance may decide it.
    const queue = await finance.call('GET', '/api/v1/admin/approvals');
    expect(queue.body.data.items).toContainEqual(
      expect.objectContaining({
        kind: 'key-request',
        id: String(liveKeyRequest.id),
        action: 'app.live-credentials',
        mayDecide: true,
      }),
    );

    // The developer cannot approve it, nor collect it before approval.
    expect((await step(developer, liveKeyRequest.id, 'approve')).body.meta.errorCode).toBe('FORBIDDEN');
    const early = await step(developer, liveKeyRequest.id, 'collect');
    expect(early.status).toBe(409);
    expect(early.body.meta.errorCode).toBe('KEY_REQUEST_NOT_APPROVED');

    const approved = await step(finance, liveKeyRequest.id, 'approve', { comment: 'Go-live checked' });
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'APPROVED', decidedByOperatorId: finance.operatorId });
    // Approval makes no key: only the requester's collection does.
    expect(await liveKeysOf(newApp.id)).toEqual([]);

    const before = await liveMoneyKeysCounted('APP_LIVE_PAIR');
    const collected = await step(developer, liveKeyRequest.id, 'collect');
    expect(collected.status).toBe(201);
    expect(collected.body.data.secret).toMatch(/^oi_live_sk_/);
    expect(collected.body.data.keyRequest.status).toBe('COLLECTED');
    const live = { key: collected.body.data.credential.key, secret: collected.body.data.secret };
    expect(await whoAmI(stack, live)).toMatchObject({ status: 200, body: { data: { mode: 'LIVE' } } });
    expect(await liveMoneyKeysCounted('APP_LIVE_PAIR')).toBe(before + 1);
    const [entry] = await audited('credential.live_money_key_issued', collected.body.data.credential.id);
    expect(entry?.after).toMatchObject({
      appId: newApp.id,
      mode: 'LIVE',
      scopes: 'ALL',
      keyRequest: liveKeyRequest.id,
      requestedBy: developer.operatorId,
      approvedBy: finance.operatorId,
    });
    expect(JSON.stringify(entry)).not.toContain(live.secret);

    const again = await step(developer, liveKeyRequest.id, 'collect');
    expect(again.status).toBe(409);
    expect(again.body.meta.errorCode).toBe('KEY_REQUEST_ALREADY_COLLECTED');
    expect(JSON.stringify(again.body)).not.toContain('oi_live_sk_');
  });

  it('a named LIVE key with payouts waits for finance', async () => {
    const asked = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'LIVE', name: 'Payout runner', scopes: ['payouts'] },
    });
    expect(asked.status).toBe(202);
    expect(asked.body.data.secret).toBeUndefined();
    expect(JSON.stringify(asked.body)).not.toContain('oi_live_');
    const request = asked.body.data.keyRequest;
    expect(request).toMatchObject({
      kind: 'NAMED_KEY',
      action: 'key.money-scopes',
      mode: 'LIVE',
      name: 'Payout runner',
      scopes: ['payouts'],
      status: 'WAITING',
    });
    expect((await liveKeysOf(app.app.id)).map((key) => key.name)).not.toContain('Payout runner');
    // The same ask again answers with the request that waits.
    const twice = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'LIVE', name: 'Payout runner', scopes: ['payouts'] },
    });
    expect(twice.body.data.keyRequest.id).toBe(request.id);

    const listed = await finance.call('GET', `/api/v1/admin/key-requests?status=WAITING&appId=${app.app.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.items.map((item: { id: number }) => item.id)).toContain(request.id);

    // Not the requester, not an account tied to them, not a role without money.
    expect((await step(developer, request.id, 'approve')).status).toBe(403);
    const tied = await step(tiedFinance, request.id, 'approve');
    expect(tied.status).toBe(403);
    expect(tied.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    const tiedReject = await step(tiedFinance, request.id, 'reject');
    expect(tiedReject.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    // Only the requester withdraws or collects.
    expect((await step(finance, request.id, 'withdraw')).body.meta.errorCode).toBe('FORBIDDEN');

    const approved = await step(finance, request.id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.data.status).toBe('APPROVED');
    expect((await step(admin, request.id, 'collect')).body.meta.errorCode).toBe('FORBIDDEN');
    expect((await step(finance, request.id, 'reject')).body.meta.errorCode).toBe('KEY_REQUEST_NOT_WAITING');

    const collected = await step(developer, request.id, 'collect');
    expect(collected.status).toBe(201);
    expect(collected.body.data.credential).toMatchObject({
      mode: 'LIVE',
      name: 'Payout runner',
      scopes: ['payouts'],
      status: 'ACTIVE',
    });
    const payoutKey = { key: collected.body.data.credential.key, secret: collected.body.data.secret };
    expect((await step(developer, request.id, 'collect')).body.meta.errorCode).toBe(
      'KEY_REQUEST_ALREADY_COLLECTED',
    );
    expect(await audited('credential.live_money_key_issued', collected.body.data.credential.id)).toHaveLength(
      1,
    );

    // The key now holds its money scope: the payout is judged by the payout rules, not refused for
    // its scope, where a LIVE key without it (issued at once) is.
    const readOnly = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'LIVE', name: 'Reader', scopes: ['read'] },
    });
    expect(readOnly.status).toBe(201);
    const reader = { key: readOnly.body.data.credential.key, secret: readOnly.body.data.secret };
    const refused = await sendPayout(reader, 'mk-1');
    expect(refused.status).toBe(403);
    expect(refused.body.meta.errorCode).toBe('INSUFFICIENT_SCOPE');
    const judged = await sendPayout(payoutKey, 'mk-2');
    expect(judged.status).not.toBe(401);
    expect(judged.body.meta.errorCode).not.toBe('INSUFFICIENT_SCOPE');
  });

  it('holds an ADMIN to the same rule: their own LIVE refunds key waits for another', async () => {
    const asked = await admin.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'LIVE', name: 'Refund desk', scopes: ['read', 'refunds'] },
    });
    expect(asked.status).toBe(202);
    const request = asked.body.data.keyRequest;
    const own = await step(admin, request.id, 'approve');
    expect(own.status).toBe(403);
    expect(own.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(
      (await step(finance, request.id, 'reject', { comment: 'No refund desk yet' })).body.data,
    ).toMatchObject({ status: 'REJECTED', comment: 'No refund desk yet' });
    expect((await step(admin, request.id, 'collect')).body.meta.errorCode).toBe('KEY_REQUEST_NOT_APPROVED');
  });

  /** A LIVE key request of `action` by `requester`: a named refunds key, or a new app's LIVE pair. */
  async function askFor(action: 'key.money-scopes' | 'app.live-credentials', requester: Operator) {
    const tag = Math.random().toString(36).slice(2, 10);
    if (action === 'key.money-scopes') {
      const asked = await requester.session.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
        body: { mode: 'LIVE', name: `Refunds ${tag}`, scopes: ['refunds'] },
      });
      expect(asked.status).toBe(202);
      return Number(asked.body.data.keyRequest.id);
    }
    const created = await requester.session.call('POST', '/api/v1/admin/apps', {
      body: { name: `shop-ties-${tag}` },
    });
    expect(created.status).toBe(201);
    return Number(created.body.data.liveKeyRequest.id);
  }

  it.each([
    { action: 'key.money-scopes', requesterRole: 'DEVELOPER', approverRole: 'FINANCE' },
    { action: 'key.money-scopes', requesterRole: 'ADMIN', approverRole: 'ADMIN' },
    { action: 'app.live-credentials', requesterRole: 'DEVELOPER', approverRole: 'FINANCE' },
    { action: 'app.live-credentials', requesterRole: 'ADMIN', approverRole: 'ADMIN' },
  ] as const)(
    '$action, asked by $requesterRole: refused to the $approverRole who created the requester’s account and to one the requester created; an independent $approverRole approves',
    async ({ action, requesterRole, approverRole }) => {
      const people = await secondPersons(requesterRole, approverRole);
      const id = await askFor(action, people.requester);
      const statusOf = async () =>
        (await people.independent.session.call('GET', `/api/v1/admin/key-requests/${id}`)).body.data;
      expect(await statusOf()).toMatchObject({ action, status: 'WAITING' });

      // The requester alone: refused for their role, or (an ADMIN) for being the requester.
      const own = await step(people.requester.session, id, 'approve');
      expect({ status: own.status, code: own.body.meta.errorCode }).toEqual({
        status: 403,
        code: requesterRole === 'ADMIN' ? 'SELF_APPROVAL_FORBIDDEN' : 'FORBIDDEN',
      });
      for (const [who, tied] of [
        ['the account that created the requester’s', people.tied[2]],
        ['an account the requester created', people.tied[1]],
      ] as const) {
        for (const verb of ['approve', 'reject'] as const) {
          const answer = await step(tied.session, id, verb);
          expect({ who, verb, status: answer.status, code: answer.body.meta?.errorCode }).toEqual({
            who,
            verb,
            status: 403,
            code: 'SELF_APPROVAL_FORBIDDEN',
          });
        }
      }
      expect(await statusOf()).toMatchObject({ status: 'WAITING', decidedByOperatorId: null });

      const approved = await step(people.independent.session, id, 'approve');
      expect({ status: approved.status, data: approved.body.data }).toMatchObject({
        status: 200,
        data: { action, status: 'APPROVED', decidedByOperatorId: people.independent.id },
      });
    },
  );

  it('rotating the LIVE pair is a key request; the requester may withdraw it while it waits', async () => {
    const asked = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/credentials/rotate`, {
      body: { mode: 'LIVE', graceHours: 1 },
    });
    expect(asked.status).toBe(202);
    expect(asked.body.data.keyRequest).toMatchObject({ kind: 'APP_LIVE_PAIR', status: 'WAITING' });
    // The current LIVE pair keeps working as it was.
    expect(await whoAmI(stack, app.live)).toMatchObject({ status: 200 });
    const withdrawn = await step(developer, asked.body.data.keyRequest.id, 'withdraw');
    expect(withdrawn.body.data.status).toBe('WITHDRAWN');
    expect((await step(finance, asked.body.data.keyRequest.id, 'approve')).body.meta.errorCode).toBe(
      'KEY_REQUEST_NOT_WAITING',
    );

    // Asked again and approved: collecting it rotates the pair, the old one kept for its grace hour.
    const again = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/credentials/rotate`, {
      body: { mode: 'LIVE', graceHours: 1 },
    });
    expect((await step(finance, again.body.data.keyRequest.id, 'approve')).status).toBe(200);
    const collected = await step(developer, again.body.data.keyRequest.id, 'collect');
    expect(collected.status).toBe(201);
    expect(collected.body.data.previous).toMatchObject({ key: app.live.key, status: 'GRACE' });
    const rotated = { key: collected.body.data.credential.key, secret: collected.body.data.secret };
    expect(await whoAmI(stack, rotated)).toMatchObject({ status: 200, body: { data: { mode: 'LIVE' } } });
  });

  it('issues TEST keys and LIVE keys without a money scope at once, as before', async () => {
    const testKey = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'TEST', name: 'Test payouts', scopes: ['payouts', 'refunds'] },
    });
    expect(testKey.status).toBe(201);
    expect(testKey.body.data.secret).toMatch(/^oi_test_sk_/);
    const reporting = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'LIVE', name: 'BI', scopes: ['reporting'] },
    });
    expect(reporting.status).toBe(201);
    expect(reporting.body.data.secret).toMatch(/^oi_live_sk_/);
    const rotated = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/credentials/rotate`, {
      body: { mode: 'TEST' },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body.data.secret).toMatch(/^oi_test_sk_/);
  });

  it('the dashboard: FINANCE approves a DEVELOPER’s LIVE money key, the developer collects it once', async () => {
    const form = (session: AdminSession, path: string, fields: Record<string, string>) =>
      stack.api('POST', path, {
        rawBody: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const page = (session: AdminSession) =>
      stack.api('GET', '/admin/key-requests', { headers: { cookie: session.cookie } });

    const asked = await form(developer, `/admin/apps/${app.app.id}/keys`, {
      name: 'Dashboard refunds',
      mode: 'LIVE',
      scope_read: 'on',
      scope_refunds: 'on',
    });
    expect(asked.status).toBe(302);
    expect(asked.headers.get('location')).toMatch(/^\/admin\/key-requests\?ok=Key\+request\+\d+/);
    const id = Number(/Key\+request\+(\d+)/.exec(asked.headers.get('location')!)![1]);

    // The developer sees it waiting, with no way to approve it.
    const mine = await page(developer);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatch(new RegExp(`data-testid="key-request-status-${id}">\\s*WAITING\\s*<`));
    expect(mine.body).toContain(`data-testid="key-request-withdraw-${id}"`);
    expect(mine.body).not.toContain(`data-testid="key-request-approve-${id}"`);
    expect(mine.body).not.toContain('oi_live_sk_');
    // The tied account is told why it may not decide; an independent FINANCE may.
    const tiedPage = await page(tiedFinance);
    expect(tiedPage.body).not.toContain(`data-testid="key-request-approve-${id}"`);
    expect(tiedPage.body).toContain('tied');
    const financePage = await page(finance);
    expect(financePage.body).toContain(`data-testid="key-request-approve-${id}"`);

    const refusedForm = await form(tiedFinance, `/admin/key-requests/${id}/approve`, {});
    expect(refusedForm.status).toBe(302);
    expect(refusedForm.headers.get('location')).toContain('error=');
    const approved = await form(finance, `/admin/key-requests/${id}/approve`, {});
    expect(approved.status).toBe(302);
    expect(approved.headers.get('location')).toContain('ok=');

    const collected = await form(developer, `/admin/key-requests/${id}/collect`, {});
    expect(collected.status).toBe(201);
    const secret = /data-testid="secret-LIVE">([^<]+)</.exec(collected.body)![1]!;
    expect(secret).toMatch(/^oi_live_sk_/);
    const again = await form(developer, `/admin/key-requests/${id}/collect`, {});
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toContain('error=');
    expect((await page(developer)).body).toMatch(
      new RegExp(`data-testid="key-request-status-${id}">\\s*COLLECTED\\s*<`),
    );

    // Rotating the LIVE pair from the app's page is a request too: no secret on any page.
    const rotation = await form(developer, `/admin/apps/${app.app.id}/credentials/rotate`, {
      mode: 'LIVE',
      graceHours: '1',
      currentId: 'none',
    });
    expect(rotation.status).toBe(302);
    expect(rotation.headers.get('location')).toMatch(/^\/admin\/key-requests\?ok=Key\+request\+\d+/);
    expect(await whoAmI(stack, app.live)).toMatchObject({ status: 200 });
  });

  it('the CLI: keys:collect gives the requester an approved key once', async () => {
    const operator = await stack.createOperator('DEVELOPER');
    const requester = await stack.adminLogin(operator.email, operator.password);
    const asked = await requester.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'LIVE', name: 'Shell payouts', scopes: ['payouts'] },
    });
    const id = String(asked.body.data.keyRequest.id);
    const collect = (email: string, password: string) =>
      runCli(['keys:collect', '--request', id, '--email', email, '--json'], `${password}\n`);

    const early = await collect(operator.email, operator.password);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('KEY_REQUEST_NOT_APPROVED');
    expect((await step(finance, Number(id), 'approve')).status).toBe(200);
    const other = await stack.createOperator('DEVELOPER');
    const byOther = await collect(other.email, other.password);
    expect(byOther.code).toBe(1);
    expect(byOther.stderr).toContain('FORBIDDEN');

    const collected = await collect(operator.email, operator.password);
    expect(collected.code).toBe(0);
    const printed = JSON.parse(collected.stdout);
    expect(printed).toMatchObject({ keyRequest: { id: Number(id), status: 'COLLECTED' } });
    expect(printed.secret).toMatch(/^oi_live_sk_/);
    expect(await whoAmI(stack, { key: printed.key, secret: printed.secret })).toMatchObject({ status: 200 });
    const twice = await collect(operator.email, operator.password);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('KEY_REQUEST_ALREADY_COLLECTED');
  }, 120_000);
});
