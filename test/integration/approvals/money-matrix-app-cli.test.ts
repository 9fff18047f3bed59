import { randomUUID } from 'node:crypto';
import { APP_DOORS, CLI_DOORS } from '../../../domain/approvals/doors.js';
import { RULE_BOOK } from '../../../domain/approvals/rule-book.js';
import { SCOPES, type Scope } from '../../../domain/apps/scopes.js';
import { ROLES } from '../../../domain/operators/permissions.js';
import { startMailCatcher, type MailCatcher } from '../../../scripts/dev/mail-catcher.js';
import { runCli } from '../../helpers/cli.js';
import { expectOnlyIndependentDecides, operatorsOn, type Operator } from '../../helpers/second-persons.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * The rule book (domain/approvals/rule-book.ts) at the doors that are not an operator's browser,
 * against a real stack. The app API: every `app …` door that reaches a money action answers an
 * app's own key pairs (every scope) and a named key holding the action's scope past the scope
 * check, and refuses a named TEST key without that scope, and a LIVE key without any money scope,
 * with 403 INSUFFICIENT_SCOPE naming the rule book's scope. The CLI: `operators:create` creates no
 * account alone once the deployment has had its two bootstrap ADMINs (a new account is a people
 * change only an independent ADMIN approves), and `refunds:approve` / `refunds:reject` decide
 * only as a money role independent of the requester, in either direction of a tie.
 */

const NO_ID = '999999999';

const appDoors = Object.entries(APP_DOORS).flatMap(([door, use]) => {
  if (!('action' in use)) return [];
  const [, method, route] = door.split(' ') as [string, string, string];
  const scope = RULE_BOOK[use.action].appScope;
  if (scope === null) throw new Error(`${door} reaches ${use.action}, which no app may ask for`);
  return [{ door, method, path: route.replace(/:([A-Za-z]+)/g, NO_ID), scope, action: use.action }];
});

const TEMPORAL = (stack: Stack) => ({
  TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
  TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
});

describe('the rule book at the app API’s money doors and the CLI', () => {
  let stack: Stack;
  // A new account's link goes to its person by email: the approval sends it.
  let catcher: MailCatcher;
  let admin: Operator;
  const { signedIn, secondPersons } = operatorsOn(() => stack);
  /** Each kind of key, by what it may do. */
  const keys = new Map<string, Credentials>();

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    stack = await startStack({
      configOverrides: { SMTP_URL: catcher.smtpUrl, EMAIL_FROM: 'payments@oi-payments.test' },
    });
    admin = await signedIn('ADMIN');
    const app = await stack.registerApp();
    keys.set('the app’s TEST pair', app.test);
    keys.set('the app’s LIVE pair', app.live);
    const named = async (mode: 'TEST' | 'LIVE', scopes: readonly Scope[]) => {
      const issued = await admin.session.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
        body: { mode, name: `${mode} ${scopes.join(' ')}`, scopes },
      });
      // Issued at once: a TEST key, or a LIVE one that moves no money.
      expect(issued.status).toBe(201);
      return { key: issued.body.data.credential.key, secret: issued.body.data.secret } as Credentials;
    };
    const moneyScopes = [...new Set(appDoors.map((door) => door.scope))];
    for (const scope of moneyScopes) {
      keys.set(`a named TEST key with ${scope} only`, await named('TEST', [scope]));
      keys.set(
        `a named TEST key with every scope but ${scope}`,
        await named(
          'TEST',
          SCOPES.filter((held) => held !== scope),
        ),
      );
    }
    keys.set(
      'a named LIVE key without money scopes',
      await named(
        'LIVE',
        SCOPES.filter((held) => !moneyScopes.includes(held)),
      ),
    );
  });
  afterAll(async () => {
    await stack?.close();
    await catcher?.close();
  });

  it('finds app API money doors to try', () => {
    expect(appDoors.map((door) => door.action).sort()).toEqual(
      expect.arrayContaining(['payout', 'payout.batch', 'refund']),
    );
    expect(appDoors.length).toBeGreaterThanOrEqual(5);
  });

  const appCases = appDoors.flatMap(({ door, method, path, scope }) => [
    [door, 'the app’s TEST pair', true, method, path, scope] as const,
    [door, 'the app’s LIVE pair', true, method, path, scope] as const,
    [door, `a named TEST key with ${scope} only`, true, method, path, scope] as const,
    [door, `a named TEST key with every scope but ${scope}`, false, method, path, scope] as const,
    [door, 'a named LIVE key without money scopes', false, method, path, scope] as const,
  ]);

  it.each(appCases)('%s with %s: allowed = %s', async (_door, key, allowed, method, path, scope) => {
    const answer = await stack.api(method, path, {
      creds: keys.get(key)!,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {},
    });
    const code = answer.body?.meta?.errorCode;
    if (allowed) {
      // Past the key and its scope: refused for what it asks (an empty body, an id that exists
      // nowhere), not for who asks.
      expect({ code, notFoundOrInvalid: [400, 404].includes(answer.status) }).toEqual({
        code: expect.not.stringMatching(/^(INSUFFICIENT_SCOPE|UNAUTHORIZED|INVALID_API_KEY)$/),
        notFoundOrInvalid: true,
      });
    } else {
      expect({
        status: answer.status,
        code,
        requiredScope: answer.body?.meta?.details?.requiredScope,
      }).toEqual({ status: 403, code: 'INSUFFICIENT_SCOPE', requiredScope: scope });
    }
  });

  it('finds the CLI’s money doors to try', () => {
    expect(Object.keys(CLI_DOORS).filter((door) => 'action' in CLI_DOORS[door]!)).toEqual(
      expect.arrayContaining(['cli refunds:approve', 'cli refunds:reject']),
    );
    // The CLI's one way to make an account is the deployment's bootstrap, which the case below closes.
    expect(CLI_DOORS['cli operators:create']).toEqual({ none: expect.stringMatching(/bootstrap/) });
  });

  it('people.change: the CLI creates no account alone once two ADMINs have been; only an independent ADMIN approves one', async () => {
    const people = await secondPersons('ADMIN', 'ADMIN');
    const email = `cli-matrix-${Date.now()}@ops.example`;
    /** The accounts with that email, and the people changes about it. */
    const madeOrWaiting = async () =>
      Number(
        (
          await stack.em().execute<Array<{ n: string }>>(
            `select (select count(*) from operators where email = ?)
                    + (select count(*) from people_changes where target_key = ?) as n`,
            [email, `email:${email}`],
          )
        )[0]!.n,
      );
    // Every role, from the shell: refused, nothing made and nothing waiting.
    const tries = await Promise.all(
      ROLES.map((role) =>
        runCli(
          ['operators:create', '--email', email, '--role', role, '--json'],
          'a password of theirs 123\n',
        ),
      ),
    );
    for (const [index, tried] of tries.entries()) {
      expect({
        role: ROLES[index],
        code: tried.code,
        closed: /bootstrap is closed for good/.test(tried.stderr),
      }).toEqual({ role: ROLES[index], code: 2, closed: ROLES[index] === 'ADMIN' });
      expect(tried.stdout).toBe('');
    }
    expect(await madeOrWaiting()).toBe(0);

    // The same account proposed by an ADMIN waits for an ADMIN independent of them.
    const proposed = await people.requester.session.call('POST', '/api/v1/admin/operators', {
      body: { email, role: 'FINANCE' },
    });
    expect(proposed.status).toBe(202);
    expect((await stack.em().execute('select id from operators where email = ?', [email])).length).toBe(0);
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/people-changes/${proposed.body.data.id}/approve`, { body: {} }),
    );
  });

  /** A paid TEST payment of an app that holds every refund for approval, refunded by `requester`. */
  async function waitingRefund(requester: Operator) {
    const app = await stack.registerApp();
    const held = await admin.session.call('PUT', `/api/v1/admin/apps/${app.app.id}/refund-approval/TEST`, {
      body: { rule: 'ALWAYS' },
    });
    expect(held.status).toBe(200);
    const payment = await stack.paidPayment(app.test, { amountMinor: 4_000 });
    const asked = await requester.session.call(
      'POST',
      `/api/v1/admin/payments/${payment.reference}/refunds`,
      {
        body: { amountMinor: 1_500, reason: 'returned goods' },
      },
    );
    expect(asked.body.data.status).toBe('PENDING_APPROVAL');
    return asked.body.data.reference as string;
  }

  const decisionsOf = (reference: string) =>
    stack
      .em()
      .execute(
        'select d.id from refund_decisions d join refunds r on r.id = d.refund_id where r.reference = ?',
        [reference],
      );

  it('refund: from the CLI, only a money role independent of the requester decides, whichever created the other', async () => {
    const people = await secondPersons('FINANCE', 'FINANCE');
    const reference = await waitingRefund(people.requester);
    const decide = (verb: 'approve' | 'reject', operator: Pick<Operator, 'email' | 'password'>) =>
      runCli(
        [`refunds:${verb}`, '--refund', reference, '--email', operator.email, '--json'],
        `${operator.password}\n`,
        TEMPORAL(stack),
      );

    // Roles that do not decide refunds, and the requester and the accounts tied to them either
    // way (approving or rejecting): refused, each in a process of its own, side by side.
    const attempts: Array<{
      who: string;
      verb: 'approve' | 'reject';
      operator: Pick<Operator, 'email' | 'password'>;
      refusedWith: string;
    }> = [];
    for (const role of ROLES.filter((role) => !RULE_BOOK.refund.approverRoles.includes(role))) {
      const operator = await stack.createOperator(role);
      attempts.push({ who: `a ${role}`, verb: 'approve', operator, refusedWith: 'FORBIDDEN' });
    }
    for (const [who, operator] of [
      ['the requester alone', people.tied[0]],
      ['an account the requester created', people.tied[1]],
      ['the account that created the requester’s', people.tied[2]],
    ] as const) {
      for (const verb of ['approve', 'reject'] as const)
        attempts.push({ who, verb, operator, refusedWith: 'SELF_APPROVAL_FORBIDDEN' });
    }
    const tries = await Promise.all(
      attempts.map(async ({ who, verb, operator, refusedWith }) => {
        const tried = await decide(verb, operator);
        // The refusal's code, not one that ends with it (SELF_APPROVAL_FORBIDDEN is not FORBIDDEN).
        const refused = new RegExp(`(^|\\W)${refusedWith}:`).test(tried.stderr);
        return { who, verb, code: tried.code, refusedWith: refused ? refusedWith : tried.stderr };
      }),
    );
    expect(tries).toEqual(
      attempts.map(({ who, verb, refusedWith }) => ({ who, verb, code: 1, refusedWith })),
    );
    expect(await decisionsOf(reference)).toEqual([]);

    const approved = await decide('approve', people.independent);
    expect({ code: approved.code, stderr: approved.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(approved.stdout)).toEqual({ reference, status: 'PROCESSING' });
    expect(await decisionsOf(reference)).toHaveLength(1);
  });
});
