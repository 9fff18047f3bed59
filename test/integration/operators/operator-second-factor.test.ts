import { generate } from 'otplib';
import { claimLoginAttempt } from '../../../db/operators/login-throttle.js';
import { pruneSignInThrottles } from '../../../db/payments/pruning.js';
import { startMailCatcher, type MailCatcher } from '../../../scripts/dev/mail-catcher.js';
import { runCli } from '../../helpers/cli.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Operators' sign-in as deployed: a second factor required for ADMIN and FINANCE, TOTP enrolment,
 * two-step sign-in, step-up with a code, throttling per (email, client) with growing delays,
 * password change and administrator-issued resets. The stack believes one proxy hop, so each test
 * chooses the client address it signs in from.
 */
describe('operator sign-in, second factor and passwords', () => {
  let stack: Stack;
  let current = new Date('2026-12-06T10:00:00Z');
  const advance = (ms: number) => {
    current = new Date(current.getTime() + ms);
  };
  const codeAt = (secret: string, at = current) =>
    generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
  let clientNumber = 0;
  const newClient = () => `203.0.113.${++clientNumber}`;
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  let catcher: MailCatcher;

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    stack = await startStack({
      worker: false,
      clock: () => current,
      configOverrides: {
        OPERATOR_SECOND_FACTOR: 'required-for-money-roles',
        TRUSTED_PROXY_HOPS: '1',
        SMTP_URL: catcher.smtpUrl,
        OPERATOR_CODE_FAILURES_MAX: '4',
        OPERATOR_CODE_LOCK_MINUTES: '15',
      },
    });
  });
  afterAll(async () => {
    await stack.close();
    await catcher.close();
  });

  /** The token of the newest reset link mailed to `email`. */
  const mailedToken = (email: string) => {
    const [message] = catcher.messages().filter((m) => m.recipients.includes(email));
    const link = /https?:\/\/\S+\/admin\/password-reset\?token=([\w-]+)/.exec(message?.text ?? '');
    expect(link).not.toBeNull();
    return link![1]!;
  };

  const signInBody = (body: Record<string, unknown>, ip: string) =>
    stack.api('POST', '/api/v1/admin/session', { body, headers: from(ip) });

  /** A signed-in client of the JSON API from `ip`, given the sign-in response. */
  function sessionFrom(response: Awaited<ReturnType<typeof signInBody>>, ip: string) {
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = response.body.data.csrfToken as string;
    return (method: string, path: string, body?: unknown) =>
      stack.api(method, path, {
        body,
        headers: { cookie, ...from(ip), ...(method !== 'GET' && { 'x-csrf-token': csrf }) },
      });
  }

  /** An operator of `role` signed in and enrolled; answers their secret and recovery codes. */
  async function enrolled(role: 'ADMIN' | 'FINANCE' | 'VIEWER') {
    const op = await stack.createOperator(role);
    const ip = newClient();
    const call = sessionFrom(await signInBody({ email: op.email, password: op.password }, ip), ip);
    const offer = await call('POST', '/api/v1/admin/account/second-factor/enrolment');
    expect(offer.status).toBe(201);
    const secret = offer.body.data.secret as string;
    expect(offer.body.data.otpauthUri).toContain(`secret=${secret}`);
    expect(offer.body.data.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const confirmed = await call('POST', '/api/v1/admin/account/second-factor/confirm', {
      code: await codeAt(secret),
    });
    expect(confirmed.status).toBe(200);
    const recoveryCodes = confirmed.body.data.recoveryCodes as string[];
    // The code that confirmed enrolment is spent: the next sign-in needs the next step's.
    advance(30_000);
    return { op, secret, recoveryCodes, call, ip };
  }

  it('holds an ADMIN without a second factor at enrolment, then lets them work once enrolled', async () => {
    const op = await stack.createOperator('ADMIN');
    const ip = newClient();
    const signedIn = await signInBody({ email: op.email, password: op.password }, ip);
    expect(signedIn.status).toBe(201);
    expect(signedIn.body.data.mustEnrolSecondFactor).toBe(true);
    const call = sessionFrom(signedIn, ip);
    const held = await call('GET', '/api/v1/admin/operators');
    expect(held.status).toBe(403);
    expect(held.body.meta.errorCode).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');
    const page = await stack.api('GET', '/admin/payments', {
      headers: { cookie: (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!, ...from(ip) },
    });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/admin/account/second-factor');

    const offer = await call('POST', '/api/v1/admin/account/second-factor/enrolment');
    const wrong = await call('POST', '/api/v1/admin/account/second-factor/confirm', { code: '000000' });
    expect(wrong.body.meta.errorCode).toBe('SECOND_FACTOR_INVALID');
    const confirmed = await call('POST', '/api/v1/admin/account/second-factor/confirm', {
      code: await codeAt(offer.body.data.secret),
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data.recoveryCodes).toHaveLength(10);
    expect((await call('GET', '/api/v1/admin/operators')).status).toBe(200);

    // At rest: the secret sealed, recovery codes only as digests.
    const [row] = await stack
      .em()
      .execute<Array<{ totp_sealed: string }>>('select totp_sealed from operators where id = ?', [op.id]);
    expect(row!.totp_sealed).toMatch(/^v2\./);
    expect(row!.totp_sealed).not.toContain(offer.body.data.secret);
    const digests = JSON.stringify(
      await stack
        .em()
        .execute('select code_digest from operator_recovery_codes where operator_id = ?', [op.id]),
    );
    for (const code of confirmed.body.data.recoveryCodes as string[]) expect(digests).not.toContain(code);
    const audit = await stack
      .em()
      .execute<Array<{ action: string }>>(
        "select action from audit_log where target_type = 'operator' and target_id = ? order by id",
        [String(op.id)],
      );
    expect(audit.map((a) => a.action)).toContain('operator.second_factor_enrolled');
  });

  it('a VIEWER is not held at enrolment', async () => {
    const op = await stack.createOperator('VIEWER');
    const ip = newClient();
    const call = sessionFrom(await signInBody({ email: op.email, password: op.password }, ip), ip);
    expect((await call('GET', '/api/v1/admin/overview')).status).toBe(200);
  });

  it('signs an enrolled operator in in two steps; a code is taken once', async () => {
    const { op, secret } = await enrolled('FINANCE');
    const ip = newClient();
    const first = await signInBody({ email: op.email, password: op.password }, ip);
    expect(first.status).toBe(401);
    expect(first.body.meta.errorCode).toBe('SECOND_FACTOR_REQUIRED');
    expect(first.headers.get('set-cookie')).toBeNull();
    const { challenge } = first.body.meta.details as { challenge: string };

    const wrong = await stack.api('POST', '/api/v1/admin/session/second-factor', {
      body: { challenge, code: '123456' },
      headers: from(ip),
    });
    expect(wrong.body.meta.errorCode).toBe('SECOND_FACTOR_INVALID');
    // The challenge serves only the client that got it.
    const code = await codeAt(secret);
    const elsewhere = await stack.api('POST', '/api/v1/admin/session/second-factor', {
      body: { challenge, code },
      headers: from(newClient()),
    });
    expect(elsewhere.body.meta.errorCode).toBe('SIGN_IN_CHALLENGE_INVALID');
    const second = await stack.api('POST', '/api/v1/admin/session/second-factor', {
      body: { challenge, code },
      headers: from(ip),
    });
    expect(second.status).toBe(201);
    expect(second.body.data.operator).toMatchObject({ email: op.email, secondFactor: 'TOTP' });

    // The same code again (same time step), in one request with the password: refused.
    const replayed = await signInBody({ email: op.email, password: op.password, code }, ip);
    expect(replayed.body.meta.errorCode).toBe('SECOND_FACTOR_INVALID');
    // The challenge is spent too.
    const again = await stack.api('POST', '/api/v1/admin/session/second-factor', {
      body: { challenge, code },
      headers: from(ip),
    });
    expect(again.body.meta.errorCode).toBe('SIGN_IN_CHALLENGE_INVALID');
    // One step later (or earlier, within drift) a fresh code works.
    advance(30_000);
    const next = await signInBody({ email: op.email, password: op.password, code: await codeAt(secret) }, ip);
    expect(next.status).toBe(201);
    advance(30_000);
    const drifted = await codeAt(secret, new Date(current.getTime() + 30_000));
    expect((await signInBody({ email: op.email, password: op.password, code: drifted }, ip)).status).toBe(
      201,
    );
    advance(120_000);
    const stale = await codeAt(secret, new Date(current.getTime() - 90_000));
    const tooOld = await signInBody({ email: op.email, password: op.password, code: stale }, ip);
    expect(tooOld.body.meta.errorCode).toBe('SECOND_FACTOR_INVALID');
  });

  it('a recovery code signs in once', async () => {
    const { op, recoveryCodes } = await enrolled('ADMIN');
    const ip = newClient();
    const code = recoveryCodes[0]!;
    const first = await signInBody({ email: op.email, password: op.password, code: code.toUpperCase() }, ip);
    expect(first.status).toBe(201);
    const status = await sessionFrom(first, ip)('GET', '/api/v1/admin/account/second-factor');
    expect(status.body.data).toMatchObject({ enrolled: true, recoveryCodesLeft: 9 });
    const second = await signInBody({ email: op.email, password: op.password, code }, ip);
    expect(second.body.meta.errorCode).toBe('SECOND_FACTOR_INVALID');
  });

  it('step-up asks an enrolled operator for a code, not the password', async () => {
    const { op, secret, call } = await enrolled('ADMIN');
    advance(6 * 60 * 1000); // past the step-up window of the sign-in
    const needsStepUp = await call('POST', '/api/v1/admin/operators', {
      email: `x-${Date.now()}@ops.example`,
      role: 'VIEWER',
    });
    expect(needsStepUp.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
    const withPassword = await call('POST', '/api/v1/admin/session/step-up', { password: op.password });
    expect(withPassword.body.meta.errorCode).toBe('SECOND_FACTOR_REQUIRED');
    const code = await codeAt(secret);
    const withCode = await call('POST', '/api/v1/admin/session/step-up', { code });
    expect(withCode.status).toBe(200);
    expect(withCode.body.data.stepUpAsks).toBe('CODE');
    const replay = await call('POST', '/api/v1/admin/session/step-up', { code });
    expect(replay.body.meta.errorCode).toBe('SECOND_FACTOR_INVALID');
  });

  it('throttles per (email, client) with growing delays; another client is not held', async () => {
    const op = await stack.createOperator('VIEWER');
    const attacker = newClient();
    const owner = newClient();
    const wrong = () => signInBody({ email: op.email, password: 'not the password' }, attacker);
    for (let i = 0; i < 5; i++) expect((await wrong()).body.meta.errorCode).toBe('INVALID_LOGIN');
    const held = await wrong();
    expect(held.status).toBe(429);
    expect(held.body.meta.errorCode).toBe('LOGIN_THROTTLED');
    expect(held.headers.get('retry-after')).toBe('1');
    // The owner, on their own machine, signs in at once.
    expect((await signInBody({ email: op.email, password: op.password }, owner)).status).toBe(201);
    // The delay doubles with each further failure: 1 s, 2 s, 4 s …
    const waits: string[] = [];
    for (let i = 0; i < 4; i++) {
      advance(
        Number(held.headers.get('retry-after') ?? 0) * 1000 +
          (waits.length ? Number(waits.at(-1)) * 1000 : 0),
      );
      expect((await wrong()).body.meta.errorCode).toBe('INVALID_LOGIN');
      const next = await wrong();
      expect(next.status).toBe(429);
      waits.push(next.headers.get('retry-after')!);
    }
    expect(waits).toEqual(['2', '4', '8', '16']);
    // Even the right password waits its turn from that client, and is not checked meanwhile.
    const rightButHeld = await signInBody({ email: op.email, password: op.password }, attacker);
    expect(rightButHeld.status).toBe(429);
    const throttled = await stack
      .em()
      .execute<Array<{ n: string }>>(
        "select count(*) as n from audit_log where action = 'operator.login_throttled' and target_id = ?",
        [op.email],
      );
    expect(Number(throttled[0]!.n)).toBeGreaterThanOrEqual(6);
  });

  it('the sweeper prunes throttling rows a day without failures has made meaningless', async () => {
    await stack.em().execute(
      `insert into login_throttles (email, client, failures, last_failure_at, next_attempt_at) values
         ('prune-old@ops.example', 'x', 9, now() - interval '8 days', now() - interval '8 days'),
         ('prune-new@ops.example', 'x', 9, now(), now())`,
    );
    await pruneSignInThrottles(stack.em(), { before: new Date(Date.now() - 7 * 86_400_000), limit: 100 });
    const left = await stack
      .em()
      .execute<Array<{ email: string }>>("select email from login_throttles where email like 'prune-%'");
    expect(left.map((row) => row.email)).toEqual(['prune-new@ops.example']);
  });

  it('a burst of parallel guesses from one client gets no more tries than guesses in a row', async () => {
    const op = await stack.createOperator('VIEWER');
    const ip = newClient();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => signInBody({ email: op.email, password: 'wrong-password' }, ip)),
    );
    const codes = answers.map((a) => a.body.meta.errorCode);
    expect(codes.filter((c) => c === 'INVALID_LOGIN')).toHaveLength(5);
    expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(7);
  });

  it('an attempt that read its clock before another was counted is not held within the free failures', async () => {
    const op = await stack.createOperator('VIEWER');
    const client = newClient();
    const at = Date.parse('2030-03-01T10:00:00.000Z');
    const claim = (ms: number) =>
      claimLoginAttempt(stack.em(), { email: op.email, client, now: new Date(ms) });
    // Side by side, each attempt takes its clock before it queues for the row: the one counted
    // first may carry the later clock.
    expect(await claim(at + 50)).toEqual({ allowed: true });
    expect(await claim(at)).toEqual({ allowed: true });
    expect(await claim(at + 10)).toEqual({ allowed: true });
    expect(await claim(at + 20)).toEqual({ allowed: true });
    // The fifth failure earns the first wait, and that wait holds whoever comes within it.
    expect(await claim(at + 30)).toEqual({ allowed: true });
    expect(await claim(at + 40)).toEqual({ allowed: false, retryAfterMs: 990 });
    expect(await claim(at + 1_030)).toEqual({ allowed: true });
  });

  it('changing the password checks the current one and the rules, and ends other sessions', async () => {
    const op = await stack.createOperator('VIEWER');
    const [ipA, ipB] = [newClient(), newClient()];
    const a = sessionFrom(await signInBody({ email: op.email, password: op.password }, ipA), ipA);
    const b = sessionFrom(await signInBody({ email: op.email, password: op.password }, ipB), ipB);
    const wrongCurrent = await a('POST', '/api/v1/admin/account/password', {
      currentPassword: 'nope',
      newPassword: 'a brand new passphrase',
    });
    expect(wrongCurrent.body.meta.errorCode).toBe('INVALID_LOGIN');
    for (const weak of ['short', op.email, 'password1234']) {
      const refused = await a('POST', '/api/v1/admin/account/password', {
        currentPassword: op.password,
        newPassword: weak,
      });
      expect(refused.status).toBe(422);
      expect(refused.body.meta.errorCode).toBe('PASSWORD_TOO_WEAK');
    }
    const changed = await a('POST', '/api/v1/admin/account/password', {
      currentPassword: op.password,
      newPassword: 'a brand new passphrase',
    });
    expect(changed.body.data).toEqual({ passwordChanged: true, otherSessionsEnded: 1 });
    expect((await a('GET', '/api/v1/admin/session')).status).toBe(200);
    expect((await b('GET', '/api/v1/admin/session')).status).toBe(401);
    expect((await signInBody({ email: op.email, password: op.password }, ipA)).status).toBe(401);
    expect((await signInBody({ email: op.email, password: 'a brand new passphrase' }, ipA)).status).toBe(201);
  });

  it('a reset a second ADMIN approves emails a one-time link to the operator (audited, step-up); it works once, not after expiry', async () => {
    const { secret, call: adminCall } = await enrolled('ADMIN');
    const { call: secondAdmin, secret: secondSecret } = await enrolled('ADMIN');
    const approve = async (proposal: { body: { data: { id: number } } }) => {
      const stepUp = await secondAdmin('POST', '/api/v1/admin/session/step-up', {
        code: await codeAt(secondSecret),
      });
      expect(stepUp.status).toBe(200);
      const answer = await secondAdmin(
        'POST',
        `/api/v1/admin/people-changes/${proposal.body.data.id}/approve`,
        {},
      );
      expect(answer.status).toBe(200);
    };
    const target = await stack.createOperator('SUPPORT');
    const ip = newClient();
    const targetSession = sessionFrom(
      await signInBody({ email: target.email, password: target.password }, ip),
      ip,
    );
    advance(6 * 60 * 1000);
    const needsStepUp = await adminCall('POST', `/api/v1/admin/operators/${target.id}/password-reset`);
    expect(needsStepUp.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
    expect(
      (await adminCall('POST', '/api/v1/admin/session/step-up', { code: await codeAt(secret) })).status,
    ).toBe(200);
    const issued = await adminCall('POST', `/api/v1/admin/operators/${target.id}/password-reset`);
    expect(issued.status).toBe(202);
    expect(JSON.stringify(issued.body)).not.toMatch(/token/);
    await approve(issued);
    const token = mailedToken(target.email);
    const [stored] = await stack
      .em()
      .execute<Array<{ id: string }>>('select id from operator_password_resets where operator_id = ?', [
        target.id,
      ]);
    expect(stored!.id).not.toBe(token);

    const page = await stack.api('GET', `/admin/password-reset?token=${token}`);
    expect(page.status).toBe(200);
    const weak = await stack.api('POST', '/api/v1/admin/password-reset', {
      body: { token, newPassword: 'short' },
    });
    expect(weak.body.meta.errorCode).toBe('PASSWORD_TOO_WEAK');
    const done = await stack.api('POST', '/api/v1/admin/password-reset', {
      body: { token, newPassword: 'reset to a new passphrase' },
    });
    expect(done.status).toBe(200);
    expect((await targetSession('GET', '/api/v1/admin/session')).status).toBe(401);
    const twice = await stack.api('POST', '/api/v1/admin/password-reset', {
      body: { token, newPassword: 'and another passphrase' },
    });
    expect(twice.body.meta.errorCode).toBe('PASSWORD_RESET_INVALID');
    expect(
      (await signInBody({ email: target.email, password: 'reset to a new passphrase' }, newClient())).status,
    ).toBe(201);

    advance(6 * 60 * 1000);
    expect(
      (await adminCall('POST', '/api/v1/admin/session/step-up', { code: await codeAt(secret) })).status,
    ).toBe(200);
    await approve(await adminCall('POST', `/api/v1/admin/operators/${target.id}/password-reset`));
    const late = mailedToken(target.email);
    expect(late).not.toBe(token);
    advance(61 * 60 * 1000);
    const expired = await stack.api('POST', '/api/v1/admin/password-reset', {
      body: { token: late, newPassword: 'too late a passphrase' },
    });
    expect(expired.body.meta.errorCode).toBe('PASSWORD_RESET_INVALID');
    const audit = await stack
      .em()
      .execute<Array<{ action: string }>>(
        "select action from audit_log where target_type = 'operator' and target_id = ? order by id",
        [String(target.id)],
      );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['operator.password_reset_issued', 'operator.password_reset_completed']),
    );
  });

  it("a second ADMIN approves resetting another operator's second factor (audited); they enrol again", async () => {
    const { secret, call: adminCall } = await enrolled('ADMIN');
    const { call: secondAdmin } = await enrolled('ADMIN');
    const { op: finance } = await enrolled('FINANCE');
    expect(
      (await adminCall('POST', '/api/v1/admin/session/step-up', { code: await codeAt(secret) })).status,
    ).toBe(200);
    const reset = await adminCall('POST', `/api/v1/admin/operators/${finance.id}/second-factor/reset`);
    expect(reset.status).toBe(202);
    expect(reset.body.data).toMatchObject({
      email: finance.email,
      kind: 'RESET_SECOND_FACTOR',
      status: 'PENDING',
    });
    const enrolledStill = await signInBody({ email: finance.email, password: finance.password }, newClient());
    expect(enrolledStill.body.meta.errorCode).toBe('SECOND_FACTOR_REQUIRED');
    const approved = await secondAdmin(
      'POST',
      `/api/v1/admin/people-changes/${reset.body.data.id}/approve`,
      {},
    );
    expect(approved.status).toBe(200);
    const ip = newClient();
    const back = await signInBody({ email: finance.email, password: finance.password }, ip);
    expect(back.status).toBe(201);
    expect(back.body.data.mustEnrolSecondFactor).toBe(true);
  });

  it('wrong codes after a right password lock the operator whatever the address; the right code then waits too', async () => {
    const { op, secret } = await enrolled('FINANCE');
    // Each guess from a new address: per-client throttling alone would never hold them.
    for (let i = 0; i < 4; i++) {
      const wrong = await signInBody({ email: op.email, password: op.password, code: '000000' }, newClient());
      expect(wrong.body.meta.errorCode).toBe('SECOND_FACTOR_INVALID');
    }
    const locked = await signInBody(
      { email: op.email, password: op.password, code: await codeAt(secret) },
      newClient(),
    );
    expect(locked.status).toBe(429);
    expect(locked.body.meta.errorCode).toBe('SECOND_FACTOR_LOCKED');
    // Two-step sign-in from yet another address is held as well.
    const ip = newClient();
    const step1 = await signInBody({ email: op.email, password: op.password }, ip);
    expect(step1.body.meta.errorCode).toBe('SECOND_FACTOR_REQUIRED');
    const step2 = await stack.api('POST', '/api/v1/admin/session/second-factor', {
      body: { challenge: step1.body.meta.details.challenge, code: await codeAt(secret) },
      headers: from(ip),
    });
    expect(step2.body.meta.errorCode).toBe('SECOND_FACTOR_LOCKED');
    const audit = await stack
      .em()
      .execute<Array<{ n: number }>>(
        "select count(*)::int as n from audit_log where action = 'operator.second_factor_locked' and target_id = ?",
        [String(op.id)],
      );
    expect(audit[0]!.n).toBeGreaterThanOrEqual(2);
    // After the lock (15 minutes here) the right code signs in, and the count starts afresh.
    advance(16 * 60 * 1000);
    const back = await signInBody(
      { email: op.email, password: op.password, code: await codeAt(secret) },
      newClient(),
    );
    expect(back.status).toBe(201);
    const [row] = await stack
      .em()
      .execute<Array<{ code_failures: number }>>('select code_failures from operators where id = ?', [op.id]);
    expect(row!.code_failures).toBe(0);
  });

  it('password sign-in is refused when break-glass is off, before anything is checked', async () => {
    const off = await startStack({ worker: false, configOverrides: { OPERATOR_BREAK_GLASS: 'off' } });
    try {
      const op = await off.createOperator('ADMIN');
      for (const body of [
        { email: op.email, password: op.password },
        { email: 'nobody@ops.example', password: 'whatever it is' },
      ]) {
        const refused = await off.api('POST', '/api/v1/admin/session', { body });
        expect(refused.status).toBe(403);
        expect(refused.body.meta.errorCode).toBe('LOCAL_SIGN_IN_DISABLED');
      }
      const page = await off.api('POST', '/admin/sign-in', {
        rawBody: new URLSearchParams({ email: op.email, password: op.password }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: off.apiUrl },
      });
      expect(page.headers.get('set-cookie') ?? '').not.toMatch(/session/i);
    } finally {
      await off.close();
    }
  });

  it('the CLI checks the password with the same throttle, and asks an enrolled operator for the code', async () => {
    const { op, secret } = await enrolled('FINANCE');
    // The CLI runs on the real clock, behind this suite's: forget the step the suite's clock spent.
    await stack.em().execute('update operators set totp_last_step = null where id = ?', [op.id]);
    const env = {
      OPERATOR_SECOND_FACTOR: 'required-for-money-roles',
      TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
      TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
    };
    const reject = (stdin: string) =>
      runCli(['refunds:reject', '--refund', 'rf_00000000000000000000', '--email', op.email], stdin, env);
    const noCode = await reject(`${op.password}\n`);
    expect(noCode.code).toBe(2);
    expect(noCode.stderr).toContain('second line');
    // The right password and a fresh code pass the checks (the refund itself does not exist).
    const code = await generate({ secret });
    const passed = await reject(`${op.password}\n${code}\n`);
    expect(passed.stderr).not.toMatch(/wrong|throttled|Too many/i);
    const replayed = await reject(`${op.password}\n${code}\n`);
    expect(replayed.stderr).toContain('already used code');
    // Wrong passwords, several runs side by side: each run takes a second or more to start, which
    // the first delays (1 s, 2 s, 4 s …) would let pass between runs one after another. The run
    // without a code and the replayed code each took a free failure (the right password between
    // them cleared the first), so four are left, and four together are all checked, however fast
    // the machine. The fifth and later depend on how long a run takes to start.
    const wrongRuns = async (count: number) => {
      const runs = await Promise.all(Array.from({ length: count }, () => reject('wrong password\n')));
      for (const run of runs) expect(run.code).toBe(1);
      return runs.map((run) => run.stderr);
    };
    const answers = await wrongRuns(4);
    expect(answers.filter((a) => !a.includes('wrong email or password'))).toEqual([]);
    // Past the free failures, runs that arrive within the wait another one earned are held.
    const held = (answer: string) =>
      /Too many failed sign-ins from here; try again in \d+ second/.test(answer);
    for (let wave = 0; wave < 3 && !answers.some(held); wave++) answers.push(...(await wrongRuns(3)));
    expect(answers.filter((a) => !a.includes('wrong email or password') && !held(a))).toEqual([]);
    expect(answers.some(held)).toBe(true);
    const [row] = await stack
      .em()
      .execute<Array<{ client: string }>>('select client from login_throttles where email = ?', [op.email]);
    expect(row!.client).toMatch(/^cli:.+@.+/);
    // The dashboard from another client is not held by the CLI's failures.
    expect(
      (
        await signInBody(
          {
            email: op.email,
            password: op.password,
            code: await codeAt(secret, new Date(current.getTime() + 30_000)),
          },
          newClient(),
        )
      ).status,
    ).toBe(201);
    // Up to eighteen CLI processes, each starting the CLI from its sources: slow on a busy machine.
  }, 180_000);
});

describe('the session cookie over HTTPS', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false, configOverrides: { PUBLIC_URL: 'https://pay.example' } });
  });
  afterAll(() => stack.close());

  it('is named __Host-, Secure, Path=/ and without Domain, even when TLS ends before this process', async () => {
    const op = await stack.createOperator('VIEWER');
    const response = await stack.api('POST', '/api/v1/admin/session', {
      body: { email: op.email, password: op.password },
    });
    expect(response.status).toBe(201);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-oi_admin_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/;\s*secure/i);
    expect(cookie).toMatch(/;\s*path=\//i);
    expect(cookie).not.toMatch(/domain=/i);
    const me = await stack.api('GET', '/api/v1/admin/session', {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(me.status).toBe(200);
  });
});
