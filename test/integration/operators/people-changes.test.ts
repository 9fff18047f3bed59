import { startMailCatcher, type MailCatcher } from '../../../scripts/dev/mail-catcher.js';
import { runCli } from '../../helpers/cli.js';
import { backdateEvidence } from '../../helpers/evidence.js';
import { startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';
import type { Stack } from '../../helpers/stack.js';

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

/**
 * No single ADMIN, by any sequence they can take alone, gets a loosened control applied, a refund
 * approved or confirmed, or a receipt approved: every change to people is a proposal a second ADMIN
 * approves, a reset link goes only to the person's mailbox, and an account its proposer created or
 * recently changed is never the second person on the proposer's acts. Through the admin HTTP API,
 * the dashboard's forms and the CLI, on a real stack with a real SMTP server.
 */
describe('one ADMIN is not two people', () => {
  let e2e: GatewayE2E;
  let stack: Stack;
  let catcher: MailCatcher;
  /** The ADMIN acting alone, and a colleague who approves what is put in front of them. */
  let adminA: { id: number; email: string; password: string; session: Session };
  let colleague: { id: number; email: string; password: string; session: Session };
  const today = () => new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    e2e = await startGatewayE2E('manual', {
      payment: { currency: 'BDT', amountMinor: 150_000 },
      credentials: { instructions: 'Pay to Acme Ltd, account 0123456789.' },
      stack: { configOverrides: { SMTP_URL: catcher.smtpUrl, EMAIL_FROM: 'payments@oi-payments.test' } },
    });
    stack = e2e.stack;
    const signedIn = async () => {
      const operator = await stack.createOperator('ADMIN');
      return { ...operator, session: await stack.adminLogin(operator.email, operator.password) };
    };
    adminA = await signedIn();
    colleague = await signedIn();
  });
  afterAll(async () => {
    await e2e?.close();
    await catcher?.close();
  });

  const mailTo = (email: string) => catcher.messages().filter((m) => m.recipients.includes(email));
  const linkIn = (text: string | null) =>
    /https?:\/\/\S+\/admin\/password-reset\?token=[\w-]+/.exec(text ?? '')?.[0];

  /** Takes the link from the person's mailbox (as if whoever asked also read it) and sets a password. */
  async function takeOverWithLink(email: string): Promise<Session & { password: string }> {
    const link = linkIn(mailTo(email)[0]?.text ?? null);
    expect(link).toBeDefined();
    const token = new URL(link!).searchParams.get('token')!;
    const password = `taken over ${Math.random().toString(36).slice(2)}`;
    const done = await stack.api('POST', '/api/v1/admin/password-reset', {
      body: { token, newPassword: password },
    });
    expect(done.status).toBe(200);
    return { ...(await stack.adminLogin(email, password)), password };
  }

  const approve = (session: Session, id: number) =>
    session.call('POST', `/api/v1/admin/people-changes/${id}/approve`, { body: {} });

  /**
   * Everything A asks for that needs a second person: a LIVE refund policy loosened, a refund
   * waiting for approval, a receipt waiting for its second operator. Each is answered by `second`.
   */
  async function aloneActs() {
    const appId = e2e.appId;
    // Tightening applies at once: two operators per receipt, every refund held for approval.
    expect(
      (
        await adminA.session.call('PUT', `/api/v1/admin/apps/${appId}/receipt-approvals/TEST`, {
          body: { approvals: 2 },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await adminA.session.call('PUT', `/api/v1/admin/apps/${appId}/refund-approval/TEST`, {
          body: { rule: 'ALWAYS' },
        })
      ).status,
    ).toBe(200);
    // A fresh app each time: NEVER loosens its LIVE refund policy from the default, whatever came before.
    const other = await stack.registerApp();
    const loosening = await adminA.session.call(
      'PUT',
      `/api/v1/admin/apps/${other.app.id}/refund-approval/LIVE`,
      {
        body: { rule: 'NEVER' },
      },
    );
    expect(loosening.status).toBe(202);

    const payment = await e2e.createPayment();
    await stack.openCheckout(payment.reference);
    await e2e.waitForStatus(payment.reference, 'PENDING');
    const receipt = await adminA.session.call(
      'POST',
      `/api/v1/admin/payments/${payment.reference}/receipts`,
      {
        body: {
          amountMinor: 150_000,
          receivedOn: today(),
          method: 'BANK_TRANSFER',
          bankReference: `CITY-${Math.random().toString(36).slice(2, 10)}`,
        },
      },
    );
    expect(receipt.body.data.receipt.status).toBe('AWAITING_APPROVAL');
    return {
      loosening: loosening.body.data.id as number,
      receipt: receipt.body.data.receipt.id as number,
      payment,
    };
  }

  async function expectRefusedAsSecondPerson(second: Session, acts: Awaited<ReturnType<typeof aloneActs>>) {
    const control = await second.call('POST', `/api/v1/admin/control-changes/${acts.loosening}/approve`, {
      body: {},
    });
    expect(control.status).toBe(403);
    expect(control.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    const receipt = await second.call('POST', `/api/v1/admin/receipts/${acts.receipt}/approve`, { body: {} });
    expect(receipt.status).toBe(403);
    expect(receipt.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
  }

  it('A alone cannot create an operator: the proposal waits, A cannot approve it, no password is chosen by A', async () => {
    const email = `alone-${Date.now()}@ops.example`;
    const withPassword = await adminA.session.call('POST', '/api/v1/admin/operators', {
      body: { email, role: 'ADMIN', password: 'a password A chose 123' },
    });
    expect(withPassword.status).toBe(400);
    const proposed = await adminA.session.call('POST', '/api/v1/admin/operators', {
      body: { email, role: 'ADMIN' },
    });
    expect(proposed.status).toBe(202);
    expect(proposed.body.data).toMatchObject({ kind: 'CREATE_OPERATOR', email, status: 'PENDING' });
    const own = await approve(adminA.session, proposed.body.data.id);
    expect(own.status).toBe(403);
    expect(own.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    const [exists] = await stack.em().execute('select id from operators where email = ?', [email]);
    expect(exists).toBeUndefined();
    // Nor through the dashboard's form.
    const form = await stack.api('POST', `/admin/people-changes/${proposed.body.data.id}/approve`, {
      rawBody: new URLSearchParams({ _csrf: adminA.session.csrfToken }).toString(),
      headers: { cookie: adminA.session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(302);
    expect(new URL(form.headers.get('location')!, 'http://x').searchParams.get('error')).toMatch(
      /other than, and independent of/,
    );
    expect((await stack.em().execute('select id from operators where email = ?', [email])).length).toBe(0);
    // Nor from the command line once two ADMINs exist.
    const cli = await runCli(
      ['operators:create', '--email', `cli-${email}`, '--role', 'ADMIN'],
      'a password A chose 123\n',
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/bootstrap is closed for good/);
    const cliFinance = await runCli(
      ['operators:create', '--email', `cli-f-${email}`, '--role', 'FINANCE'],
      'a password A chose 123\n',
    );
    expect(cliFinance.code).toBe(2);
  });

  it('create-then-approve: an account A proposed, even once a colleague approves and A reads its mail, is never the second person on A’s acts', async () => {
    const email = `created-${Date.now()}@ops.example`;
    const proposed = await adminA.session.call('POST', '/api/v1/admin/operators', {
      body: { email, role: 'ADMIN' },
    });
    expect(JSON.stringify(proposed.body)).not.toMatch(/token|password-reset/);
    const approved = await approve(colleague.session, proposed.body.data.id);
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'APPROVED', targetOperatorId: expect.any(Number) });
    // The link went to the new person's address, and to nobody else; the answer carries none.
    expect(JSON.stringify(approved.body)).not.toMatch(/token=/);
    expect(mailTo(email)).toHaveLength(1);
    expect(mailTo(adminA.email)).toHaveLength(0);
    expect(mailTo(colleague.email)).toHaveLength(0);

    const created = await takeOverWithLink(email);
    const acts = await aloneActs();
    await expectRefusedAsSecondPerson(created, acts);

    // A refund A asks for: the created account neither approves nor (after a colleague approves) confirms it.
    const paid = await e2e.createPayment();
    await stack.openCheckout(paid.reference);
    await e2e.waitForStatus(paid.reference, 'PENDING');
    const recorded = await colleague.session.call(
      'POST',
      `/api/v1/admin/payments/${paid.reference}/receipts`,
      {
        body: {
          amountMinor: 150_000,
          receivedOn: today(),
          method: 'BANK_TRANSFER',
          bankReference: `CITY-${Math.random().toString(36).slice(2, 10)}`,
        },
      },
    );
    expect(recorded.status).toBe(201);
    // Two operators per receipt: the colleague recorded it, A approves it (A is independent of the colleague).
    const second = await adminA.session.call(
      'POST',
      `/api/v1/admin/receipts/${recorded.body.data.receipt.id}/approve`,
      { body: {} },
    );
    expect(second.status).toBe(200);
    await e2e.waitForStatus(paid.reference, 'SUCCEEDED');
    const asked = await adminA.session.call('POST', `/api/v1/admin/payments/${paid.reference}/refunds`, {
      body: { amountMinor: 20_000, reason: 'returned goods' },
    });
    expect(asked.body.data.status).toBe('PENDING_APPROVAL');
    const reference = asked.body.data.reference as string;
    const byCreated = await created.call('POST', `/api/v1/admin/refunds/${reference}/approve`, { body: {} });
    expect(byCreated.status).toBe(403);
    expect(byCreated.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    // Nor from the command line, as that operator.
    const byCli = await runCli(
      ['refunds:approve', '--refund', reference, '--email', email],
      `${created.password}\n`,
      {
        TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      },
    );
    expect(byCli.code).toBe(1);
    expect(byCli.stderr).toContain('SELF_APPROVAL_FORBIDDEN');
    const byColleague = await colleague.session.call('POST', `/api/v1/admin/refunds/${reference}/approve`, {
      body: {},
    });
    expect(byColleague.status).toBe(200);
    await e2e.manualRefundState(reference);
    const confirmation = {
      outcome: 'SUCCEEDED',
      gatewayRefundId: 'CASH-BACK-1',
      note: 'paid back at the counter',
    };
    const confirmedByCreated = await created.call('POST', `/api/v1/admin/refunds/${reference}/confirm`, {
      body: confirmation,
    });
    expect(confirmedByCreated.status).toBe(403);
    expect(confirmedByCreated.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    // The independent colleague may: the rule is about ties, not about a second ADMIN as such.
    const control = await colleague.session.call(
      'POST',
      `/api/v1/admin/control-changes/${acts.loosening}/approve`,
      {
        body: {},
      },
    );
    expect(control.status).toBe(200);
    const confirmed = await colleague.session.call('POST', `/api/v1/admin/refunds/${reference}/confirm`, {
      body: confirmation,
    });
    expect(confirmed.status).toBe(200);
  });

  it('reset-2FA-then-approve and reset-password-then-approve: an account A had reset is not A’s second person within the window', async () => {
    const victimOf2fa = await stack.createOperator('ADMIN');
    const victimOfPassword = await stack.createOperator('ADMIN');

    const reset2fa = await adminA.session.call(
      'POST',
      `/api/v1/admin/operators/${victimOf2fa.id}/second-factor/reset`,
      {
        body: {},
      },
    );
    expect(reset2fa.status).toBe(202);
    expect((await approve(adminA.session, reset2fa.body.data.id)).body.meta.errorCode).toBe(
      'SELF_APPROVAL_FORBIDDEN',
    );
    // The account the change is about does not approve it either.
    const victimSession = await stack.adminLogin(victimOf2fa.email, victimOf2fa.password);
    expect((await approve(victimSession, reset2fa.body.data.id)).body.meta.errorCode).toBe(
      'SELF_APPROVAL_FORBIDDEN',
    );
    expect((await approve(colleague.session, reset2fa.body.data.id)).status).toBe(200);

    const resetPassword = await adminA.session.call(
      'POST',
      `/api/v1/admin/operators/${victimOfPassword.id}/password-reset`,
      { body: {} },
    );
    expect(resetPassword.status).toBe(202);
    expect(JSON.stringify(resetPassword.body)).not.toMatch(/token|password-reset\?/);
    expect((await approve(adminA.session, resetPassword.body.data.id)).status).toBe(403);
    expect((await approve(colleague.session, resetPassword.body.data.id)).status).toBe(200);
    expect(mailTo(victimOfPassword.email)).toHaveLength(1);

    const after2fa = await stack.adminLogin(victimOf2fa.email, victimOf2fa.password);
    const afterPassword = await takeOverWithLink(victimOfPassword.email);
    const acts = await aloneActs();
    await expectRefusedAsSecondPerson(after2fa, acts);
    await expectRefusedAsSecondPerson(afterPassword, acts);

    // Past the window (a week by default) the reset no longer binds: the account is a person again.
    await backdateEvidence(
      stack.em(),
      'operator_ties',
      "update operator_ties set at = at - interval '8 days' where operator_id in (?, ?)",
      [victimOf2fa.id, victimOfPassword.id],
    );
    const control = await after2fa.call('POST', `/api/v1/admin/control-changes/${acts.loosening}/approve`, {
      body: {},
    });
    expect(control.status).toBe(200);
    const receipt = await afterPassword.call('POST', `/api/v1/admin/receipts/${acts.receipt}/approve`, {
      body: {},
    });
    expect(receipt.status).toBe(200);
  });

  it('a role that grants something waits for a second ADMIN; one that grants nothing applies at once', async () => {
    const viewer = await stack.createOperator('VIEWER');
    const raise = await adminA.session.call('PATCH', `/api/v1/admin/operators/${viewer.id}`, {
      body: { role: 'FINANCE' },
    });
    expect(raise.status).toBe(202);
    expect(raise.body.data).toMatchObject({ kind: 'GRANT_ROLE', fromRole: 'VIEWER', role: 'FINANCE' });
    const [before] = await stack
      .em()
      .execute<Array<{ role: string }>>('select role from operators where id = ?', [viewer.id]);
    expect(before!.role).toBe('VIEWER');
    expect((await approve(colleague.session, raise.body.data.id)).status).toBe(200);
    const lower = await adminA.session.call('PATCH', `/api/v1/admin/operators/${viewer.id}`, {
      body: { role: 'VIEWER' },
    });
    expect(lower.status).toBe(200);
    expect(lower.body.data.role).toBe('VIEWER');
    // Raised by A's proposal: within the window it is not A's second person, even as FINANCE.
    const [tie] = await stack
      .em()
      .execute<Array<{ kind: string; by_operator_id: string }>>(
        'select kind, by_operator_id from operator_ties where operator_id = ?',
        [viewer.id],
      );
    expect(tie).toEqual({ kind: 'GRANT_ROLE', by_operator_id: String(adminA.id) });
  });

  // Last: it disables and demotes A's fellow ADMINs (and puts them back after).
  it('disable-then-CLI-create: A leaves itself the only ADMIN, and the command line still creates none', async () => {
    const others = await stack
      .em()
      .execute<Array<{ id: string }>>(
        `select id from operators where role = 'ADMIN' and status = 'ACTIVE' and id <> ? order by id`,
        [adminA.id],
      );
    expect(others.length).toBeGreaterThanOrEqual(1);
    const [demoted, ...disabled] = others.map((row) => Number(row.id));
    const activeAdmins = async () =>
      Number(
        (
          await stack
            .em()
            .execute<Array<{ n: string }>>(
              `select count(*) as n from operators where role = 'ADMIN' and status = 'ACTIVE'`,
            )
        )[0]!.n,
      );
    const cliEmail = `cli-alone-${Date.now()}@ops.example`;
    const chosen = 'a password A chose 456';
    try {
      // Taking power away applies at once, through the admin API: one demoted, the rest disabled.
      const lowered = await adminA.session.call('PATCH', `/api/v1/admin/operators/${demoted}`, {
        body: { role: 'VIEWER' },
      });
      expect(lowered.status).toBe(200);
      for (const id of disabled) {
        const off = await adminA.session.call('POST', `/api/v1/admin/operators/${id}/disable`, { body: {} });
        expect(off.status).toBe(200);
        expect(off.body.data.status).toBe('DISABLED');
      }
      expect(await activeAdmins()).toBe(1);

      // The command line counts every ADMIN the deployment has had: its bootstrap stays closed.
      const cli = await runCli(['operators:create', '--email', cliEmail, '--role', 'ADMIN'], `${chosen}\n`);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toMatch(/bootstrap is closed for good/);
      expect(cli.stderr).toContain('POST /api/v1/admin/operators');
      expect(cli.stderr).toContain('/api/v1/admin/people-changes/{id}/approve');
      expect(cli.stdout + cli.stderr).not.toContain(chosen);
      expect(await stack.em().execute('select id from operators where email = ?', [cliEmail])).toEqual([]);
      expect(await activeAdmins()).toBe(1);

      // Nor does the record it counts give way to a stray statement.
      await expect(stack.em().execute('delete from admins_ever')).rejects.toThrow(/append-only/);
    } finally {
      await stack.em().execute(`update operators set role = 'ADMIN' where id = ?`, [demoted]);
      for (const id of disabled) {
        await stack.em().execute(`update operators set status = 'ACTIVE' where id = ?`, [id]);
      }
    }
  });
});
