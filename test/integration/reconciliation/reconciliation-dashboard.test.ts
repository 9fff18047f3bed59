import { randomBytes } from 'node:crypto';
import { candidatesOf, importLines, runOf } from '../../helpers/reconciliation.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { uniqueSettlementDay } from '../../helpers/settlement-days.js';

/**
 * Finance resolves a settlement day's exceptions from the dashboard: the forms under each open
 * exception go through the same door as the admin API to the day's workflow; posting money asks for
 * the operator's identity again on the spot, keeping the action and the note.
 */
describe('resolving exceptions in the dashboard', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const GATEWAY = 'sslcommerz';
  const date = uniqueSettlementDay(2022);

  it('escalates, then resolves with a step-up, and the page shows who did what', async () => {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test);
    const [payment] = await candidatesOf(stack, [paid.reference]);
    await importLines(stack.em(), date, [
      {
        gatewayTransactionId: payment!.gatewayTransactionId!,
        reference: null,
        grossMinor: payment!.amountMinor,
        feeMinor: payment!.feeBookedMinor + 500,
      },
      {
        gatewayTransactionId: `UNKNOWN-${randomBytes(4).toString('hex')}`,
        reference: null,
        grossMinor: 7000,
        feeMinor: 140,
      },
    ]);
    await stack.deps.orchestrator.startReconciliations({ gateway: GATEWAY, mode: 'TEST', dates: [date] });
    const run = await eventually(
      async () => {
        const row = await runOf(stack.em(), date);
        return row && row.open_exception_count === 2 ? row : null;
      },
      30_000,
      'the day matched',
    );
    const exceptions = Object.fromEntries(
      (
        await stack
          .em()
          .execute<Array<{ kind: string; reference: string }>>(
            'select kind, reference from recon_exceptions where run_id = ?',
            [run.id],
          )
      ).map((e) => [e.kind, e.reference]),
    );

    const finance = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(finance.email, finance.password);
    // Signing in counts as a fresh password for a few minutes: this session's has passed.
    await stack
      .em()
      .execute(`update operator_sessions set step_up_at = now() - interval '1 hour' where operator_id = ?`, [
        finance.id,
      ]);
    const runPath = `/admin/reconciliation/runs/${run.id}`;
    const page = String((await session.call('GET', runPath)).body);
    expect(page.match(/data-testid="resolve-form"/g)).toHaveLength(2);
    expect(page).toContain(`action="/admin/reconciliation/exceptions/${exceptions.FEE_MISMATCH}/resolve"`);

    const post = (reference: string, fields: Record<string, string>) =>
      stack.api('POST', `/admin/reconciliation/exceptions/${reference}/resolve`, {
        rawBody: new URLSearchParams({ _csrf: session.csrfToken, returnTo: runPath, ...fields }).toString(),
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });

    const escalated = await post(exceptions.UNKNOWN_LINE!, { action: 'ESCALATE', note: 'ask the gateway' });
    expect(escalated.status).toBe(302);
    expect(decodeURIComponent(escalated.headers.get('location')!.replace(/\+/g, ' '))).toContain(
      `Exception ${exceptions.UNKNOWN_LINE} escalated (ESCALATE); 2 still open`,
    );
    expect(escalated.headers.get('location')).toMatch(new RegExp(`^${runPath}\\?ok=`));

    // Accepting a fee difference posts money: the password again, the action and note kept.
    const asked = await post(exceptions.FEE_MISMATCH!, {
      action: 'ACCEPT_FEE_DIFFERENCE',
      note: 'new tariff',
    });
    expect(asked.status).toBe(403);
    const stepUp = String(asked.body);
    expect(stepUp).toContain('data-testid="step-up"');
    expect(stepUp).toContain('name="action" value="ACCEPT_FEE_DIFFERENCE"');
    expect(stepUp).toContain('name="note" value="new tariff"');
    const wrong = await post(exceptions.FEE_MISMATCH!, {
      action: 'ACCEPT_FEE_DIFFERENCE',
      note: 'new tariff',
      _step_up_password: 'not it',
    });
    expect(wrong.status).toBe(401);
    const resolved = await post(exceptions.FEE_MISMATCH!, {
      action: 'ACCEPT_FEE_DIFFERENCE',
      note: 'new tariff',
      _step_up_password: finance.password,
    });
    expect(resolved.status).toBe(302);
    expect(decodeURIComponent(resolved.headers.get('location')!.replace(/\+/g, ' '))).toContain(
      'resolved (ACCEPT_FEE_DIFFERENCE); 1 still open',
    );

    // A refused action comes back in the exception's own form, as typed, with why; never a 500.
    const notAllowed = await post(exceptions.UNKNOWN_LINE!, { action: 'ACCEPT_FEE_DIFFERENCE', note: 'no' });
    expect(notAllowed.status).toBe(422);
    expect(String(notAllowed.body)).toContain('data-testid="resolve-error"');
    const blank = await post(exceptions.UNKNOWN_LINE!, { action: 'ESCALATE', note: '  ' });
    expect(blank.status).toBe(422);
    expect(String(blank.body).replace(/\s+/g, ' ')).toContain('note: must not be blank');
    // An amount is typed in the exception's currency; minor units are not asked for.
    const tooPrecise = await post(exceptions.UNKNOWN_LINE!, {
      action: 'ESCALATE',
      note: 'ask the gateway',
      amount: '1.005',
    });
    expect(tooPrecise.status).toBe(422);
    expect(String(tooPrecise.body)).toContain('Refund amount: BDT has 2 decimals at most');
    const notARefund = await post(exceptions.UNKNOWN_LINE!, {
      action: 'ESCALATE',
      note: 'ask the gateway',
      amount: '1.00',
    });
    expect(notARefund.status).toBe(422);
    expect(String(notARefund.body)).toContain('only a refund takes an amount');

    const after = String((await session.call('GET', runPath)).body);
    expect(after.match(/data-testid="resolve-form"/g)).toHaveLength(1);
    expect(after).toContain('data-testid="escalated"');
    // As a browser shows it: the markup's line breaks are spaces.
    expect(after.replace(/\s+/g, ' ')).toContain(`ACCEPT_FEE_DIFFERENCE by ${finance.email}`);
    const [row] = await stack
      .em()
      .execute<Array<{ status: string; action: string; resolved_by: string }>>(
        'select status, action, resolved_by from recon_exceptions where reference = ?',
        [exceptions.FEE_MISMATCH],
      );
    expect(row).toEqual({
      status: 'RESOLVED',
      action: 'ACCEPT_FEE_DIFFERENCE',
      resolved_by: String(finance.id),
    });

    // Those who may only read see no forms, and the server refuses them anyway.
    const support = await stack.createOperator('SUPPORT');
    const supportSession = await stack.adminLogin(support.email, support.password);
    const refused = await stack.api(
      'POST',
      `/admin/reconciliation/exceptions/${exceptions.UNKNOWN_LINE}/resolve`,
      {
        rawBody: new URLSearchParams({
          _csrf: supportSession.csrfToken,
          action: 'MARK_RESOLVED',
          note: 'x',
        }).toString(),
        headers: { cookie: supportSession.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      },
    );
    expect(refused.status).toBe(403);
    expect(String(refused.body)).toContain('data-testid="forbidden"');
  });
});
