import { OPERATOR_DOORS } from '../../../domain/approvals/doors.js';
import { ROLES, type Role } from '../../../domain/operators/permissions.js';
import { switchEveryRailOn } from '../../helpers/payout-rail-switches.js';
import { operatorsOn, type Operator, type SecondPersons } from '../../helpers/second-persons.js';
import { rolesOf } from '../../helpers/door-roles.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * The rule book (domain/approvals/rule-book.ts) at the dashboard's forms, against a real stack:
 * every `dashboard POST …` door that reaches a money action, submitted as each role with its
 * session cookie and CSRF token, answers as the rule book says. A role it lets through gets past
 * the role check (then a form error, or a redirect with what was not found: the ids exist
 * nowhere); any other role gets the dashboard's refusal, the 403 "Not allowed" page naming the
 * role. A waiting request is withdrawn from its form only by its requester, and decided from its
 * form only by someone independent of them. The doors come from the doors table, which
 * test/unit/approvals/doors.test.ts holds complete against the routers;
 * test/integration/approvals/money-matrix.test.ts tries the admin API's.
 */

const NO_ID = '999999999';
const PATH_VALUES: Record<string, string> = {
  mode: 'TEST',
  gateway: 'sslcommerz',
  rail: 'bkash',
};

const formDoors = Object.entries(OPERATOR_DOORS).flatMap(([door, use]) => {
  if (!door.startsWith('dashboard POST ') || !('action' in use)) return [];
  const route = door.slice('dashboard POST '.length);
  const path = route.replace(/:([A-Za-z]+)/g, (_match, name: string) => PATH_VALUES[name] ?? NO_ID);
  return ROLES.map((role) => [door, role, rolesOf(use).includes(role), path, use.step] as const);
});

/** What a dashboard form answered, in the terms the rule book is judged in. */
interface FormAnswer {
  status: number;
  /** The "Not allowed" page the role table's refusal renders. */
  forbidden: boolean;
  /** The step-up page: the password again before the form is judged. */
  stepUp: boolean;
  /** Sent to sign in: the session was not taken. */
  signIn: boolean;
  /** The role table's words, on a page or in a redirect's flash. */
  roleRefused: boolean;
  /** The flash of a redirect back (post/redirect/get). */
  ok: string | null;
  error: string | null;
  body: string;
}

describe('the rule book at the dashboard’s forms', () => {
  let stack: Stack;
  const byRole = new Map<Role, Operator>();
  const { signedIn, secondPersons } = operatorsOn(() => stack);

  beforeAll(async () => {
    stack = await startStack();
    // A rail's switch is the whole deployment's: every rail starts, and is left, on.
    await switchEveryRailOn(stack.em());
    // Each session has a fresh step-up, so a form that needs one is judged on the role alone.
    for (const role of ROLES) byRole.set(role, await signedIn(role));
  });
  afterAll(async () => {
    if (stack) await switchEveryRailOn(stack.em());
    await stack?.close();
  });

  /**
   * A form submitted as the browser submits it: urlencoded with the session's CSRF token, or, for
   * a form that uploads a file (the server answers 415 to any other body), as multipart.
   */
  async function submit(operator: Operator, path: string, fields: Record<string, string> = {}) {
    const { cookie, csrfToken } = operator.session;
    let response = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfToken, ...fields }).toString(),
    });
    if (response.status === 415) {
      await response.text();
      const form = new FormData();
      form.set('_csrf', csrfToken);
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      response = await fetch(`${stack.apiUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie },
        body: form,
      });
    }
    const body = await response.text();
    const location = response.headers.get('location') ?? '';
    const flash = new URL(location || '/', 'http://x').searchParams;
    const answer: FormAnswer = {
      status: response.status,
      forbidden: body.includes('data-testid="forbidden"'),
      stepUp: body.includes('data-testid="step-up"'),
      signIn: location.startsWith('/admin/login'),
      roleRefused: /does not allow/.test(body) || /does not allow/.test(flash.get('error') ?? ''),
      ok: flash.get('ok'),
      error: flash.get('error'),
      body,
    };
    return answer;
  }

  /** The dashboard's refusal of a role: the 403 "Not allowed" page naming the role. */
  const refusedForRole = (role: Role) => ({
    status: 403,
    forbidden: true,
    stepUp: false,
    signIn: false,
    roleRefused: true,
    roleNamed: true,
    role,
  });
  const judged = (answer: FormAnswer, role: Role) => ({
    status: answer.status,
    forbidden: answer.forbidden,
    stepUp: answer.stepUp,
    signIn: answer.signIn,
    roleRefused: answer.roleRefused,
    roleNamed: answer.body.includes(`Your role (${role}) does not allow`),
    role,
  });

  it('finds dashboard form doors to try', () => {
    // Each door that reaches an action, as each role: 47 doors × 5 roles when this was written.
    expect(formDoors.length).toBeGreaterThan(200);
  });

  it.each(formDoors)('%s as %s: allowed = %s', async (_door, role, allowed, path, step) => {
    const answer = await submit(byRole.get(role)!, path);
    if (allowed) {
      expect({ ...judged(answer, role), tooHigh: answer.status >= 500 }).toEqual({
        status: expect.any(Number),
        forbidden: false,
        stepUp: false,
        signIn: false,
        roleRefused: false,
        roleNamed: false,
        role,
        tooHigh: false,
      });
      expect([401, 403]).not.toContain(answer.status);
    } else if (step === 'withdraw' && answer.status === 302) {
      // Only the requester withdraws what they asked for: anyone else finds nothing of theirs (a
      // real request waiting is tried below).
      expect({ ok: answer.ok, error: answer.error }).toEqual({
        ok: null,
        error: expect.stringMatching(/^No such /),
      });
    } else {
      expect(judged(answer, role)).toEqual(refusedForRole(role));
    }
  });

  /** A request of each kind that has a withdraw form, asked for through the admin API. */
  const waiting = [
    {
      kind: 'key.money-scopes',
      requesterRole: 'DEVELOPER',
      approverRole: 'FINANCE',
      table: 'key_requests',
      waitingStatus: 'WAITING',
      async ask(requester: Operator) {
        const { app } = await stack.registerApp();
        const asked = await requester.session.call('POST', `/api/v1/admin/apps/${app.id}/keys`, {
          body: { mode: 'LIVE', name: 'Payout runner', scopes: ['payouts'] },
        });
        expect(asked.status).toBe(202);
        return String(asked.body.data.keyRequest.id);
      },
      form: (id: string, verb: string) => `/admin/key-requests/${id}/${verb}`,
    },
    {
      kind: 'control.loosen',
      requesterRole: 'FINANCE',
      approverRole: 'ADMIN',
      table: 'control_changes',
      waitingStatus: 'PENDING',
      async ask(requester: Operator) {
        const { app } = await stack.registerApp();
        const asked = await requester.session.call(
          'PUT',
          `/api/v1/admin/apps/${app.id}/refund-approval/LIVE`,
          { body: { rule: 'NEVER' } },
        );
        expect(asked.status).toBe(202);
        return String(asked.body.data.id);
      },
      form: (id: string, verb: string) => `/admin/control-changes/${id}/${verb}`,
    },
    {
      kind: 'people.change',
      requesterRole: 'ADMIN',
      approverRole: 'ADMIN',
      table: 'people_changes',
      waitingStatus: 'PENDING',
      async ask(requester: Operator) {
        // Raising a role waits for a second ADMIN, and its approval emails nobody.
        const target = await stack.createOperator('VIEWER');
        const asked = await requester.session.call('PATCH', `/api/v1/admin/operators/${target.id}`, {
          body: { role: 'SUPPORT' },
        });
        expect(asked.status).toBe(202);
        return String(asked.body.data.id);
      },
      form: (id: string, verb: string) => `/admin/people-changes/${id}/${verb}`,
    },
    {
      kind: 'rail.switch-on',
      requesterRole: 'FINANCE',
      approverRole: 'ADMIN',
      table: 'payout_rail_switch_changes',
      waitingStatus: 'PENDING',
      async ask(requester: Operator) {
        // Off applies at once; back on in LIVE waits for an ADMIN.
        await switchEveryRailOn(stack.em());
        const path = '/api/v1/admin/payouts/rails/bkash/LIVE/switch';
        expect((await requester.session.call('PUT', path, { body: { on: false } })).status).toBe(200);
        const asked = await requester.session.call('PUT', path, { body: { on: true } });
        expect(asked.status).toBe(202);
        return String(asked.body.data.id);
      },
      form: (id: string, verb: string) => `/admin/payouts/rail-switch-changes/${id}/${verb}`,
    },
  ] as const;

  const statusOf = async (table: string, id: string) =>
    (await stack.em().execute<Array<{ status: string }>>(`select status from ${table} where id = ?`, [id]))[0]
      ?.status;

  it.each(waiting)(
    '$kind: a waiting request is withdrawn from its form by its requester only',
    async (kind) => {
      const requester = await signedIn(kind.requesterRole);
      const id = await kind.ask(requester);
      // Every role, the requester's own among them (another person of it), is refused: their role
      // may not withdraw, or the request is not theirs.
      for (const role of ROLES) {
        const answer = await submit(byRole.get(role)!, kind.form(id, 'withdraw'));
        const refused =
          answer.status === 403
            ? answer.forbidden && answer.roleRefused
            : answer.status === 302 && answer.ok === null && answer.error !== null;
        expect({ role, status: answer.status, refused }).toEqual({
          role,
          status: expect.any(Number),
          refused: true,
        });
      }
      expect(await statusOf(kind.table, id)).toBe(kind.waitingStatus);
      const withdrawn = await submit(requester, kind.form(id, 'withdraw'));
      expect({ status: withdrawn.status, ok: withdrawn.ok !== null, error: withdrawn.error }).toEqual({
        status: 302,
        ok: true,
        error: null,
      });
      expect(await statusOf(kind.table, id)).toBe('WITHDRAWN');
    },
  );

  /**
   * Each tied account's approval from the form is refused with what the admin API says to the
   * same person (SELF_APPROVAL_FORBIDDEN), nothing is decided, and the independent approver's is
   * taken.
   */
  async function expectOnlyIndependentApprovesByForm(
    people: SecondPersons,
    form: string,
    api: string,
    read: () => Promise<string | undefined>,
  ) {
    const before = await read();
    for (const [who, tied] of [
      ['the requester alone', people.tied[0]],
      ['an account the requester created', people.tied[1]],
      ['the account that created the requester’s', people.tied[2]],
    ] as const) {
      const byApi = await tied.session.call('POST', api, { body: {} });
      expect({ who, code: byApi.body?.meta?.errorCode }).toEqual({ who, code: 'SELF_APPROVAL_FORBIDDEN' });
      const answer = await submit(tied, form);
      expect({ who, status: answer.status, ok: answer.ok, error: answer.error }).toEqual({
        who,
        status: 302,
        ok: null,
        error: byApi.body.meta.message,
      });
      expect(await read()).toBe(before);
    }
    const approved = await submit(people.independent, form);
    expect({ status: approved.status, ok: approved.ok !== null, error: approved.error }).toEqual({
      status: 302,
      ok: true,
      error: null,
    });
    expect({ before, after: await read() }).toEqual({ before, after: 'APPROVED' });
  }

  it.each(waiting)(
    '$kind: approved from its form only by someone independent of the requester, whichever created the other',
    async (kind) => {
      // An ADMIN asks (a role that may decide too), so the requester alone is refused for not
      // being independent, not for the role.
      const people = await secondPersons('ADMIN', kind.approverRole);
      const id = await kind.ask(people.requester);
      const api = `/api/v1${kind.form(id, 'approve')}`;
      await expectOnlyIndependentApprovesByForm(people, kind.form(id, 'approve'), api, () =>
        statusOf(kind.table, id),
      );
    },
  );
});
