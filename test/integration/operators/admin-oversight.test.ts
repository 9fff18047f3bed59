import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderBanner } from '../../../scripts/dev/banner.js';
import { devAdminFile, ensureDevAdmin } from '../../../scripts/dev/dev-admin.js';
import { runCli } from '../../helpers/cli.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

/**
 * Oversight in the admin API: the overview numbers, the audit log and its filters, operator
 * management with step-up, and the operator CLI.
 */
describe('admin oversight', () => {
  let stack: Stack;
  // The API's clock runs with real time plus an offset the tests move (step-up window).
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);

  beforeAll(async () => {
    stack = await startStack({ clock });
  });
  afterAll(() => stack.close());
  afterEach(() => {
    offsetMs = 0;
  });

  async function signedIn(role: Parameters<Stack['createOperator']>[0]) {
    const operator = await stack.createOperator(role);
    return { operator, session: await stack.adminLogin(operator.email, operator.password) };
  }

  async function auditRows(where: string, params: unknown[]) {
    return stack.em().execute<
      Array<{
        action: string;
        actor_type: string;
        actor_label: string;
        target_id: string;
        before: any;
        after: any;
      }>
    >(`select action, actor_type, actor_label, target_id, before, after from audit_log where ${where} order by id`, params);
  }

  describe('overview', () => {
    it('counts volume, succeeded amounts and success rate per day, app and gateway, per mode', async () => {
      const app = await stack.registerApp();
      const paid = [10000, 25050];
      const payments = [
        ...(await Promise.all(paid.map((amountMinor) => stack.createPayment(app.test, { amountMinor })))),
        await stack.createPayment(app.test, { amountMinor: 7700 }),
        await stack.createPayment(app.test, { amountMinor: 9900 }),
      ];
      const outcomes = ['VALID', 'VALID', 'FAILED'] as const;
      for (const [i, outcome] of outcomes.entries()) {
        await stack.openCheckout(payments[i]!.reference);
        await stack.completeAtGateway(payments[i]!.reference, outcome);
      }
      const expected = ['SUCCEEDED', 'SUCCEEDED', 'FAILED'];
      for (const [i, status] of expected.entries()) {
        await eventually(
          async () => (await stack.readPayment(app.test, payments[i]!.reference)).status === status,
          20_000,
          `${payments[i]!.reference} ${status}`,
        );
      }

      const { session } = await signedIn('VIEWER');
      const response = await session.call('GET', '/api/v1/admin/overview?mode=TEST&days=14');
      expect(response.status).toBe(200);
      const overview = response.body.data;
      expect(overview).toMatchObject({ mode: 'TEST', days: 14 });
      const mine = overview.byApp.find((row: { appId: number }) => row.appId === app.app.id);
      expect(mine).toEqual({
        appId: app.app.id,
        appName: app.app.name,
        count: 4,
        succeeded: 2,
        failed: 1,
        expired: 0,
        cancelled: 0,
        open: 1,
        successRate: 0.6667,
        succeededAmounts: [{ currency: 'BDT', amountMinor: 35050 }],
      });
      expect(overview.daily).toHaveLength(14);
      const today = clock().toISOString().slice(0, 10);
      expect(overview.daily.at(-1).date).toBe(today);
      expect(overview.daily.at(-1).count).toBeGreaterThanOrEqual(4);
      const gateway = overview.byGateway.find((row: { gateway: string }) => row.gateway === 'sslcommerz');
      expect(gateway.count).toBeGreaterThanOrEqual(4);
      expect(gateway.succeeded).toBeGreaterThanOrEqual(2);
      // Totals are the sum of the days.
      const summed = overview.daily.reduce((sum: number, day: { count: number }) => sum + day.count, 0);
      expect(overview.totals.count).toBe(summed);

      const live = await session.call('GET', '/api/v1/admin/overview?mode=LIVE');
      expect(live.body.data.mode).toBe('LIVE');
      expect(live.body.data.byApp.find((row: { appId: number }) => row.appId === app.app.id)).toBeUndefined();

      // The page draws the same numbers as inline SVG, with no script or external resource.
      const page = await session.call('GET', '/admin?mode=TEST');
      expect(page.status).toBe(200);
      const markup = String(page.body);
      expect(markup).toContain('data-testid="volume-chart"');
      expect(markup).toContain('data-testid="success-chart"');
      expect(markup).toContain(app.app.name);
      expect(markup).toContain('350.50 BDT');
      expect(markup).not.toMatch(/<script|src="https?:|href="https?:/);
    });

    it('rejects a bad mode or period with VALIDATION_ERROR', async () => {
      const { session } = await signedIn('VIEWER');
      for (const query of ['mode=PROD', 'days=0', 'days=91', 'extra=1']) {
        const response = await session.call('GET', `/api/v1/admin/overview?${query}`);
        expect(response.status).toBe(400);
        expect(response.body.meta.errorCode).toBe('VALIDATION_ERROR');
      }
      const page = await session.call('GET', '/admin?mode=PROD');
      expect(page.status).toBe(200);
      expect(String(page.body)).toContain('flash error');
    });
  });

  describe('audit log', () => {
    it('filters by action prefix, actor, target and time, and pages', async () => {
      const { operator: admin, session } = await signedIn('ADMIN');
      const created = await session.call('POST', '/api/v1/admin/operators', {
        body: { email: `Audited-${Date.now()}@ops.example`, role: 'SUPPORT' },
      });
      expect(created.status).toBe(202);
      const targetId = String(created.body.data.id);

      const byTarget = await session.call(
        'GET',
        `/api/v1/admin/audit?action=people_change.&targetType=people_change&targetId=${targetId}`,
      );
      expect(byTarget.status).toBe(200);
      expect(byTarget.body.data.items).toEqual([
        expect.objectContaining({
          action: 'people_change.proposed',
          actorType: 'OPERATOR',
          actorLabel: admin.email,
          targetType: 'people_change',
          targetId,
          before: null,
          after: {
            kind: 'CREATE_OPERATOR',
            email: created.body.data.email,
            role: 'SUPPORT',
            targetOperatorId: null,
            status: 'PENDING',
          },
        }),
      ]);

      const byActor = await session.call(
        'GET',
        `/api/v1/admin/audit?actor=${encodeURIComponent(admin.email)}`,
      );
      expect(byActor.body.data.items.length).toBeGreaterThanOrEqual(2);
      expect(byActor.body.data.items.every((e: { actorLabel: string }) => e.actorLabel === admin.email)).toBe(
        true,
      );
      expect(byActor.body.data.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['people_change.proposed', 'operator.login']),
      );

      const prefix = await session.call('GET', '/api/v1/admin/audit?action=operator.log&size=100');
      expect(
        prefix.body.data.items.every((e: { action: string }) => e.action.startsWith('operator.log')),
      ).toBe(true);

      const future = new Date(Date.now() + 3_600_000).toISOString();
      const past = new Date(Date.now() - 3_600_000).toISOString();
      const later = await session.call(
        'GET',
        `/api/v1/admin/audit?targetId=${targetId}&from=${encodeURIComponent(future)}`,
      );
      expect(later.body.data.items).toEqual([]);
      const earlier = await session.call(
        'GET',
        `/api/v1/admin/audit?targetId=${targetId}&to=${encodeURIComponent(past)}`,
      );
      expect(earlier.body.data.items).toEqual([]);
      const inside = await session.call(
        'GET',
        // Operator and credential ids overlap: the target type names one target.
        `/api/v1/admin/audit?targetType=people_change&targetId=${targetId}&from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}`,
      );
      expect(inside.body.data.items).toHaveLength(1);

      const first = await session.call('GET', '/api/v1/admin/audit?size=1&page=1');
      const second = await session.call('GET', '/api/v1/admin/audit?size=1&page=2');
      expect(first.body.data.items).toHaveLength(1);
      expect(first.body.pagination).toMatchObject({ page: 1, size: 1 });
      expect(first.body.pagination.totalItems).toBeGreaterThan(1);
      expect(second.body.data.items[0].id).toBeLessThan(first.body.data.items[0].id);

      // The same walk by cursor, at any depth: the same entries, newest first.
      const byPage = await session.call('GET', '/api/v1/admin/audit?size=3&page=2');
      const firstThree = await session.call('GET', '/api/v1/admin/audit?size=3');
      const next = firstThree.body.pagination.nextCursor as string;
      expect(next).toMatch(/^c1_/);
      const byCursor = await session.call('GET', `/api/v1/admin/audit?size=3&after=${next}`);
      expect(byCursor.body.data.items.map((e: { id: number }) => e.id)).toEqual(
        byPage.body.data.items.map((e: { id: number }) => e.id),
      );
      const deep = await session.call('GET', '/api/v1/admin/audit?size=100&page=101');
      expect([deep.status, deep.body.meta.errorCode]).toEqual([400, 'PAGE_TOO_DEEP']);

      for (const query of ['size=101', 'page=0', 'from=yesterday', 'unknown=1']) {
        const bad = await session.call('GET', `/api/v1/admin/audit?${query}`);
        expect(bad.status).toBe(400);
        expect(bad.body.meta.errorCode).toBe('VALIDATION_ERROR');
      }
    });

    it('is readable by a VIEWER, in the API and as a page with the same filters', async () => {
      const { operator: viewer, session } = await signedIn('VIEWER');
      expect((await session.call('GET', '/api/v1/admin/audit')).status).toBe(200);
      const page = await session.call('GET', `/admin/audit?actor=${encodeURIComponent(viewer.email)}`);
      expect(page.status).toBe(200);
      expect(String(page.body)).toContain('operator.login');
      expect(String(page.body)).toContain('1 entry');
    });

    it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
      await signedIn('VIEWER');
      const [latest] = await stack.em().execute<Array<{ id: string }>>('select max(id) as id from audit_log');
      await expect(
        stack.em().execute("update audit_log set action = 'tampered' where id = ?", [latest!.id]),
      ).rejects.toThrow(/append-only/);
      await expect(stack.em().execute('delete from audit_log where id = ?', [latest!.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(stack.em().execute('truncate audit_log')).rejects.toThrow(/append-only/);
    });
  });

  describe('operators', () => {
    it('lists operators without password hashes, for ADMIN only (API and pages)', async () => {
      const { session } = await signedIn('ADMIN');
      const list = await session.call('GET', '/api/v1/admin/operators');
      expect(list.status).toBe(200);
      for (const operator of list.body.data.items) {
        expect(Object.keys(operator).sort()).toEqual(
          ['createdAt', 'email', 'id', 'lastLoginAt', 'role', 'secondFactor', 'status', 'updatedAt'].sort(),
        );
      }
      expect(JSON.stringify(list.body)).not.toMatch(/argon2|passwordHash|password_hash/i);

      for (const role of ['FINANCE', 'DEVELOPER', 'SUPPORT', 'VIEWER'] as const) {
        const { session: other } = await signedIn(role);
        const denied = await other.call('GET', '/api/v1/admin/operators');
        expect(denied.status).toBe(403);
        expect(denied.body.meta.errorCode).toBe('FORBIDDEN');
        // The pages refuse too, whatever a hand-made form posts.
        expect((await other.call('GET', '/admin/operators')).status).toBe(403);
        const form = new URLSearchParams({
          _csrf: other.csrfToken,
          email: `sneaky-${role.toLowerCase()}@ops.example`,
          role: 'ADMIN',
          password: 'a-long-password-3',
        });
        const posted = await stack.api('POST', '/admin/operators', {
          rawBody: form.toString(),
          headers: { cookie: other.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        });
        expect(posted.status).toBe(403);
        expect(String(posted.body)).toContain('data-testid="forbidden"');
      }
      const sneaky = await stack
        .em()
        .execute<Array<{ n: number }>>(
          "select count(*)::int as n from operators where email like 'sneaky-%'",
        );
      expect(sneaky).toEqual([{ n: 0 }]);
    });

    it('proposes an operator without a password; nothing is created until a second ADMIN approves and the link is emailed', async () => {
      const { session } = await signedIn('ADMIN');
      const { session: second } = await signedIn('ADMIN');
      const email = `new-${Date.now()}@ops.example`;
      const proposed = await session.call('POST', '/api/v1/admin/operators', {
        body: { email: email.toUpperCase(), role: 'developer' },
      });
      expect(proposed.status).toBe(202);
      expect(proposed.body.data).toMatchObject({
        kind: 'CREATE_OPERATOR',
        email,
        role: 'DEVELOPER',
        status: 'PENDING',
        targetOperatorId: null,
      });
      // The same proposal again is the one waiting; another for the same email waits its turn.
      const again = await session.call('POST', '/api/v1/admin/operators', {
        body: { email, role: 'DEVELOPER' },
      });
      expect(again.body.data.id).toBe(proposed.body.data.id);
      const other = await second.call('POST', '/api/v1/admin/operators', { body: { email, role: 'VIEWER' } });
      expect(other.body.meta.errorCode).toBe('PEOPLE_CHANGE_WAITING');
      // No mail server here: the link cannot reach the person, so the approval applies nothing.
      const approved = await second.call(
        'POST',
        `/api/v1/admin/people-changes/${proposed.body.data.id}/approve`,
        {
          body: {},
        },
      );
      expect(approved.status).toBe(503);
      expect(approved.body.meta.errorCode).toBe('OPERATOR_EMAIL_NOT_SENT');
      expect(await stack.em().execute('select id from operators where email = ?', [email])).toEqual([]);
      const still = await second.call('GET', `/api/v1/admin/people-changes/${proposed.body.data.id}`);
      expect(still.body.data.status).toBe('PENDING');
      const queue = await second.call('GET', '/api/v1/admin/people-changes?status=PENDING&size=100');
      expect(queue.body.data.items.map((c: { id: number }) => c.id)).toContain(proposed.body.data.id);
      const withdrawnByOther = await second.call(
        'POST',
        `/api/v1/admin/people-changes/${proposed.body.data.id}/withdraw`,
        { body: {} },
      );
      expect(withdrawnByOther.body.meta.errorCode).toBe('FORBIDDEN');
      const withdrawn = await session.call(
        'POST',
        `/api/v1/admin/people-changes/${proposed.body.data.id}/withdraw`,
        {
          body: {},
        },
      );
      expect(withdrawn.body.data.status).toBe('WITHDRAWN');

      const existing = await stack.createOperator('VIEWER');
      const taken = await session.call('POST', '/api/v1/admin/operators', {
        body: { email: existing.email, role: 'VIEWER' },
      });
      expect(taken.status).toBe(409);
      expect(taken.body.meta.errorCode).toBe('EMAIL_TAKEN');

      const cases: Array<[Record<string, unknown>, string]> = [
        [{ email: 'x@ops.example', role: 'OWNER' }, 'role'],
        [{ email: 'not-an-email', role: 'VIEWER' }, 'email'],
        [{ email: 'x@ops.example', role: 'VIEWER', password: 'a password I chose' }, 'password'],
        [{ email: 'x@ops.example', role: 'VIEWER', passwordHash: 'x' }, 'passwordHash'],
      ];
      for (const [body, field] of cases) {
        const bad = await session.call('POST', '/api/v1/admin/operators', { body });
        expect(bad.status).toBe(400);
        expect(bad.body.meta.errorCode).toBe('VALIDATION_ERROR');
        expect(bad.body.meta.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const missing = await second.call('POST', '/api/v1/admin/people-changes/999999999/approve', {
        body: {},
      });
      expect(missing.body.meta.errorCode).toBe('PEOPLE_CHANGE_NOT_FOUND');
    });

    it('changes a role, which takes effect on the next request, and audits before and after', async () => {
      const { session } = await signedIn('ADMIN');
      const { operator: target, session: targetSession } = await signedIn('VIEWER');
      expect((await targetSession.call('GET', '/api/v1/admin/operators')).status).toBe(403);

      const proposed = await session.call('PATCH', `/api/v1/admin/operators/${target.id}`, {
        body: { role: 'ADMIN' },
      });
      // Granting a role waits for a second ADMIN.
      expect(proposed.status).toBe(202);
      expect(proposed.body.data).toMatchObject({ kind: 'GRANT_ROLE', fromRole: 'VIEWER', role: 'ADMIN' });
      expect((await targetSession.call('GET', '/api/v1/admin/operators')).status).toBe(403);
      const { session: second } = await signedIn('ADMIN');
      const changed = await second.call(
        'POST',
        `/api/v1/admin/people-changes/${proposed.body.data.id}/approve`,
        {
          body: {},
        },
      );
      expect(changed.status).toBe(200);
      expect(changed.body.data).toMatchObject({ targetOperatorId: target.id, status: 'APPROVED' });
      expect((await targetSession.call('GET', '/api/v1/admin/operators')).status).toBe(200);

      const [entry] = await auditRows("action = 'operator.role_changed' and target_id = ?", [
        String(target.id),
      ]);
      expect(entry).toMatchObject({
        before: { email: target.email, role: 'VIEWER' },
        after: { email: target.email, role: 'ADMIN' },
      });

      const missing = await session.call('PATCH', '/api/v1/admin/operators/999999999', {
        body: { role: 'VIEWER' },
      });
      expect(missing.status).toBe(404);
      expect(missing.body.meta.errorCode).toBe('OPERATOR_NOT_FOUND');
      const badId = await session.call('PATCH', '/api/v1/admin/operators/abc', { body: { role: 'VIEWER' } });
      expect(badId.body.meta.errorCode).toBe('VALIDATION_ERROR');
    });

    it('disabling revokes every session at once; enabling lets them sign in again', async () => {
      const { session } = await signedIn('ADMIN');
      const target = await stack.createOperator('SUPPORT');
      const laptop = await stack.adminLogin(target.email, target.password);
      const phone = await stack.adminLogin(target.email, target.password);
      expect((await laptop.call('GET', '/api/v1/admin/session')).status).toBe(200);

      const disabled = await session.call('POST', `/api/v1/admin/operators/${target.id}/disable`);
      expect(disabled.status).toBe(200);
      expect(disabled.body.data.status).toBe('DISABLED');
      for (const device of [laptop, phone]) {
        const next = await device.call('GET', '/api/v1/admin/audit');
        expect(next.status).toBe(401);
        expect(next.body.meta.errorCode).toBe('SESSION_REQUIRED');
      }
      const refused = await stack.api('POST', '/api/v1/admin/session', {
        body: { email: target.email, password: target.password },
      });
      expect(refused.body.meta.errorCode).toBe('INVALID_LOGIN');

      // Re-enabling waits for a second ADMIN.
      const proposed = await session.call('POST', `/api/v1/admin/operators/${target.id}/enable`);
      expect(proposed.status).toBe(202);
      expect(proposed.body.data).toMatchObject({ kind: 'ENABLE_OPERATOR', status: 'PENDING' });
      const { session: second } = await signedIn('ADMIN');
      const approved = await second.call(
        'POST',
        `/api/v1/admin/people-changes/${proposed.body.data.id}/approve`,
        {
          body: {},
        },
      );
      expect(approved.status).toBe(200);
      // Re-enabling does not bring the revoked sessions back.
      expect((await laptop.call('GET', '/api/v1/admin/session')).status).toBe(401);
      expect((await stack.adminLogin(target.email, target.password)).csrfToken).toBeTruthy();

      const rows = await auditRows("action in ('operator.disabled', 'operator.enabled') and target_id = ?", [
        String(target.id),
      ]);
      expect(rows.map((r) => [r.action, r.before, r.after])).toEqual([
        [
          'operator.disabled',
          { email: target.email, status: 'ACTIVE' },
          { email: target.email, status: 'DISABLED', sessionsRevoked: 2 },
        ],
        [
          'operator.enabled',
          { email: target.email, status: 'DISABLED' },
          { email: target.email, status: 'ACTIVE', peopleChangeId: proposed.body.data.id },
        ],
      ]);
    });

    it('an operator cannot disable or demote themselves', async () => {
      const { operator: me, session } = await signedIn('ADMIN');
      const disable = await session.call('POST', `/api/v1/admin/operators/${me.id}/disable`);
      expect(disable.status).toBe(409);
      expect(disable.body.meta.errorCode).toBe('OPERATOR_SELF_CHANGE');
      const demote = await session.call('PATCH', `/api/v1/admin/operators/${me.id}`, {
        body: { role: 'VIEWER' },
      });
      expect(demote.status).toBe(409);
      expect(demote.body.meta.errorCode).toBe('OPERATOR_SELF_CHANGE');
      expect((await session.call('GET', '/api/v1/admin/session')).body.data.operator.role).toBe('ADMIN');
    });

    it('needs a step-up within the last 5 minutes for every operator change', async () => {
      const { session } = await signedIn('ADMIN');
      const target = await stack.createOperator('VIEWER');
      const changes: Array<[string, string, unknown?]> = [
        ['POST', '/api/v1/admin/operators', { email: `late-${Date.now()}@ops.example`, role: 'VIEWER' }],
        ['PATCH', `/api/v1/admin/operators/${target.id}`, { role: 'SUPPORT' }],
        ['POST', `/api/v1/admin/operators/${target.id}/disable`],
        ['POST', `/api/v1/admin/operators/${target.id}/enable`],
      ];
      // Signing in counts as a step-up: four minutes later it still holds.
      offsetMs = 4 * 60 * 1000;
      expect((await session.call('GET', '/api/v1/admin/operators')).status).toBe(200);
      offsetMs = 6 * 60 * 1000;
      for (const [method, url, body] of changes) {
        const refused = await session.call(method, url, { body });
        expect(refused.status).toBe(403);
        expect(refused.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
      }
      // Reading needs no step-up.
      expect((await session.call('GET', '/api/v1/admin/operators')).status).toBe(200);
      expect((await session.stepUp()).status).toBe(200);
      const statuses = [];
      for (const [method, url, body] of changes)
        statuses.push((await session.call(method, url, { body })).status);
      expect(statuses).toEqual([202, 202, 200, 202]);
    });
  });

  describe('npm run cli -- operators:create', () => {
    const cli = (args: string[], stdin: string | null) => runCli(args, stdin);

    it('bootstraps only the first two ADMINs: later operators come from the identity provider or a proposal', async () => {
      // This database has ADMINs already (the suite's own).
      await signedIn('ADMIN');
      await signedIn('ADMIN');
      const email = `cli-${Date.now()}@ops.example`;
      const password = 'piped password 123';
      const finance = await cli(
        ['operators:create', '--email', email, '--role', 'finance', '--json'],
        `${password}\n`,
      );
      expect(finance.code).toBe(2);
      expect(finance.stderr).toMatch(/only the first two ADMINs/);
      const admin = await cli(['operators:create', '--email', email, '--role', 'ADMIN'], `${password}\n`);
      expect(admin.code).toBe(2);
      expect(admin.stderr).toMatch(/bootstrap is closed for good/);
      expect(await stack.em().execute('select id from operators where email = ?', [email])).toEqual([]);
      expect(finance.stdout + finance.stderr + admin.stdout + admin.stderr).not.toContain(password);
    });

    it('bootstraps a deployment’s first ADMIN as a break-glass account, which is never linked to the provider', async () => {
      const scratch = await scratchDatabase();
      try {
        const first = await runCli(
          ['operators:create', '--email', 'first-admin@ops.example', '--role', 'ADMIN', '--json'],
          'a strong first password 123\n',
          { DATABASE_URL: scratch.url },
        );
        expect(first.code).toBe(0);
        const rows = await scratch.orm.em
          .fork()
          .getConnection()
          .execute('select role, break_glass from operators where email = ?', ['first-admin@ops.example']);
        expect(rows).toEqual([{ role: 'ADMIN', break_glass: true }]);
      } finally {
        await scratch.drop();
      }
    });

    it('rejects a bad role, a short or missing password, with exit code 2', async () => {
      const badRole = await cli(
        ['operators:create', '--email', 'r@ops.example', '--role', 'OWNER'],
        'long enough pw\n',
      );
      expect(badRole.code).toBe(2);
      expect(badRole.stderr).toMatch(/--role: must be one of ADMIN, FINANCE, DEVELOPER, SUPPORT, VIEWER/);
      const short = await cli(
        ['operators:create', '--email', 's@ops.example', '--role', 'VIEWER'],
        'short\n',
      );
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/at least 12 characters/);
      const missing = await cli(['operators:create', '--email', 'm@ops.example', '--role', 'VIEWER'], '');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/no password on stdin/);
      const noEmail = await cli(['operators:create', '--role', 'VIEWER'], 'long enough pw\n');
      expect(noEmail.code).toBe(2);
      expect(noEmail.stderr).toMatch(/--email: is required/);
    });
  });

  describe('npm start development admin', () => {
    it('is created once with a random password kept in the data directory, and printed in the banner', async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'oi-dev-admin-'));
      try {
        const first = await ensureDevAdmin(stack.orm, { dataDir });
        expect(first.admin.email).toBe('admin@oi-payments.local');
        expect(first.admin.password.length).toBeGreaterThanOrEqual(12);
        expect(statSync(devAdminFile(dataDir)).mode & 0o777).toBe(0o600);
        const session = await stack.adminLogin(first.admin.email, first.admin.password);
        expect((await session.call('GET', '/api/v1/admin/session')).body.data.operator.role).toBe('ADMIN');

        const again = await ensureDevAdmin(stack.orm, { dataDir });
        expect(again).toEqual({ admin: first.admin, created: false });

        // A lost file: the same account gets a new password, so the printed login works again.
        rmSync(devAdminFile(dataDir));
        const renewed = await ensureDevAdmin(stack.orm, { dataDir });
        expect(renewed.created).toBe(false);
        expect(renewed.admin.password).not.toBe(first.admin.password);
        expect((await stack.adminLogin(renewed.admin.email, renewed.admin.password)).csrfToken).toBeTruthy();

        const banner = renderBanner({
          publicUrl: 'http://localhost:8080',
          demo: { appId: 1, name: 'Demo Store', test: { key: 'oi_test_x', secret: 's' }, webhook: null },
          demoFile: path.join(dataDir, 'demo-app.json'),
          admin: { ...renewed.admin, file: devAdminFile(dataDir) },
          gateway: { url: 'http://localhost:8081', simulated: true },
          temporal: { address: 'localhost:7233', uiUrl: undefined, namespace: 'default' },
          webhookUrl: 'http://localhost:8090/webhooks',
          mail: { smtpUrl: 'smtp://127.0.0.1:1025', inboxUrl: 'http://localhost:8080/admin/emails/inbox' },
          dataDir,
        });
        expect(banner).toContain('Dashboard      http://localhost:8080/admin');
        expect(banner).toContain('Mail           smtp://127.0.0.1:1025');
        expect(banner).toContain('inbox: http://localhost:8080/admin/emails/inbox');
        expect(banner).toContain(`sign in as admin@oi-payments.local / ${renewed.admin.password}`);
        expect(banner).toContain('X-Api-Key      oi_test_x');
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
