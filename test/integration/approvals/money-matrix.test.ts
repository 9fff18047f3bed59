import { OPERATOR_DOORS } from '../../../domain/approvals/doors.js';
import { setPayoutRules } from '../../../db/payouts/payout-rules.js';
import { ROLES, type Role } from '../../../domain/operators/permissions.js';
import { startMailCatcher, type MailCatcher } from '../../../scripts/dev/mail-catcher.js';
import { rolesOf } from '../../helpers/door-roles.js';
import { runCli } from '../../helpers/cli.js';
import { startGatewayE2E, type GatewayE2E } from '../../helpers/gateway-e2e.js';
import { expectOnlyIndependentDecides, operatorsOn, type Operator } from '../../helpers/second-persons.js';
import type { Stack } from '../../helpers/stack.js';

/**
 * The rule book (domain/approvals/rule-book.ts) at every door, against a real stack: every admin
 * API door that reaches a money action answers each role as the rule book says, and for each
 * action a second person must approve, the requester alone, an approver tied to the requester in
 * either direction, and an independent approver get what the rule book says. The doors come from
 * the doors table, which test/unit/approvals/doors.test.ts holds complete against the routers.
 */

// Ids that exist nowhere: a role the rule book allows gets past the role check and then a 4xx.
const NO_ID = '999999999';
const PATH_VALUES: Record<string, string> = {
  id: NO_ID,
  requestId: NO_ID,
  endpointId: NO_ID,
  mode: 'TEST',
  gateway: 'sslcommerz',
  rail: 'bkash',
  reference: 'rex_00000000000000000000',
  eventId: 'evt_missing',
};

const moneyDoors = Object.entries(OPERATOR_DOORS).flatMap(([door, use]) => {
  if (!door.startsWith('admin ') || !('action' in use)) return [];
  const [, method, route] = door.split(' ') as [string, string, string];
  const path = route.replace(/:([A-Za-z]+)/g, (_match, name: string) => PATH_VALUES[name] ?? NO_ID);
  return ROLES.map((role) => [door, role, rolesOf(use).includes(role), method, path, use.step] as const);
});

describe('the rule book at every door', () => {
  let e2e: GatewayE2E;
  let stack: Stack;
  // A new account's link goes to its person by email: the approval sends it.
  let catcher: MailCatcher;
  const byRole = new Map<Role, Operator>();
  const today = () => new Date().toISOString().slice(0, 10);
  const { signedIn, created, secondPersons } = operatorsOn(() => stack);

  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    e2e = await startGatewayE2E('manual', {
      payment: { currency: 'BDT', amountMinor: 150_000 },
      credentials: { instructions: 'Pay to Acme Ltd, account 0123456789.' },
      stack: { configOverrides: { SMTP_URL: catcher.smtpUrl, EMAIL_FROM: 'payments@oi-payments.test' } },
    });
    stack = e2e.stack;
    for (const role of ROLES) byRole.set(role, await signedIn(role));
  });
  afterAll(async () => {
    await e2e?.close();
    await catcher?.close();
  });

  it('finds money doors to try', () => {
    expect(moneyDoors.length).toBeGreaterThan(100);
  });

  it.each(moneyDoors)('%s as %s: allowed = %s', async (_door, role, allowed, method, path, step) => {
    const response = await byRole.get(role)!.session.call(method, path, { body: {} });
    const code = response.body?.meta?.errorCode;
    if (allowed) {
      expect(response.status).not.toBe(401);
      expect(code).not.toBe('FORBIDDEN');
      expect(code).not.toBe('STEP_UP_REQUIRED');
      expect(code).not.toBe('NOT_FOUND');
      expect(code).not.toBe('METHOD_NOT_ALLOWED');
      expect(response.status).toBeLessThan(500);
    } else if (step === 'withdraw') {
      // Only the requester withdraws what they asked for: anyone else finds nothing of theirs.
      expect(response.status === 403 || response.status === 404).toBe(true);
    } else {
      expect({ status: response.status, code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
  });

  it('control.loosen: loosening an app’s LIVE refund rules to NEVER is approved only by an independent ADMIN', async () => {
    const people = await secondPersons('ADMIN', 'ADMIN');
    const { app } = await stack.registerApp();
    const proposed = await people.requester.session.call(
      'PUT',
      `/api/v1/admin/apps/${app.id}/refund-approval/LIVE`,
      {
        body: { rule: 'NEVER' },
      },
    );
    expect(proposed.status).toBe(202);
    const id = String(proposed.body.data.id);

    // The approvals queue says who may decide before anyone tries.
    const queued = async (operator: Operator) =>
      (await operator.session.call('GET', '/api/v1/admin/approvals')).body.data.items.find(
        (item: { kind: string; id: string }) => item.kind === 'control-change' && item.id === id,
      );
    expect(await queued(people.requester)).toMatchObject({ mine: true, mayDecide: false });
    for (const tied of people.tied.slice(1)) {
      expect(await queued(tied)).toMatchObject({ mayDecide: false, whyNot: expect.stringContaining('tied') });
    }
    expect(await queued(people.independent)).toMatchObject({
      action: 'control.loosen',
      mayDecide: true,
      whyNot: null,
      approve: `/api/v1/admin/control-changes/${id}/approve`,
    });
    // FINANCE does not decide control changes: not in their queue.
    expect(await queued(byRole.get('FINANCE')!)).toBeUndefined();
    const page = await fetch(`${stack.apiUrl}/admin/approvals`, {
      headers: { cookie: people.independent.session.cookie },
    });
    const forMe = /data-testid="approvals-for-me"[\s\S]*?<\/table>/.exec(await page.text())?.[0] ?? '';
    expect(forMe).toContain(`data-kind="control-change" data-id="${id}"`);

    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/control-changes/${id}/approve`, { body: {} }),
    );
  });

  it('people.change: a new account is approved only by an independent ADMIN', async () => {
    const people = await secondPersons('ADMIN', 'ADMIN');
    const proposed = await people.requester.session.call('POST', '/api/v1/admin/operators', {
      body: { email: `matrix-${Date.now()}@ops.example`, role: 'FINANCE' },
    });
    expect(proposed.status).toBe(202);
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/people-changes/${proposed.body.data.id}/approve`, { body: {} }),
    );
  });

  it('people.reenable: re-enabling a disabled ADMIN with one ADMIN waits, and only an independent ADMIN approves it', async () => {
    const people = await secondPersons('ADMIN', 'ADMIN');
    const target = await stack.createOperator('ADMIN');
    const disabled = await people.requester.session.call(
      'POST',
      `/api/v1/admin/operators/${target.id}/disable`,
    );
    expect(disabled.status).toBe(200);
    const proposed = await people.requester.session.call(
      'POST',
      `/api/v1/admin/operators/${target.id}/enable`,
    );
    expect({ status: proposed.status, kind: proposed.body.data.kind }).toEqual({
      status: 202,
      kind: 'ENABLE_OPERATOR',
    });
    const signIn = () =>
      stack.api('POST', '/api/v1/admin/session', {
        body: { email: target.email, password: target.password },
      });
    // Still disabled: nothing applied with one ADMIN.
    expect((await signIn()).body.meta.errorCode).toBe('INVALID_LOGIN');
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/people-changes/${proposed.body.data.id}/approve`, { body: {} }),
    );
    expect((await signIn()).body.meta.errorCode).not.toBe('INVALID_LOGIN');
  });

  it('receipt.manual: a receipt recorded by FINANCE is confirmed only by an independent second operator', async () => {
    const people = await secondPersons('FINANCE', 'FINANCE');
    const tightened = await people.independent.session.call(
      'PUT',
      `/api/v1/admin/apps/${e2e.appId}/receipt-approvals/TEST`,
      {
        body: { approvals: 2 },
      },
    );
    expect(tightened.status).toBe(200);
    const payment = await e2e.createPayment();
    await stack.openCheckout(payment.reference);
    await e2e.waitForStatus(payment.reference, 'PENDING');
    const receipt = await people.requester.session.call(
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
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/receipts/${receipt.body.data.receipt.id}/approve`, { body: {} }),
    );
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');

    // refund: the same payment refunded by FINANCE waits for an approver independent of them.
    const held = await people.independent.session.call(
      'PUT',
      `/api/v1/admin/apps/${e2e.appId}/refund-approval/TEST`,
      {
        body: { rule: 'ALWAYS' },
      },
    );
    expect(held.status).toBe(200);
    const asked = await people.requester.session.call(
      'POST',
      `/api/v1/admin/payments/${payment.reference}/refunds`,
      {
        body: { amountMinor: 20_000, reason: 'returned goods' },
      },
    );
    expect(asked.body.data.status).toBe('PENDING_APPROVAL');
    // The CLI is a door too: the account that created the requester's cannot approve from it.
    const creator = people.tied[2]!;
    const byCli = await runCli(
      ['refunds:approve', '--refund', asked.body.data.reference, '--email', creator.email],
      `${creator.password}\n`,
      {
        TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      },
    );
    expect({ code: byCli.code, refused: byCli.stderr.includes('SELF_APPROVAL_FORBIDDEN') }).toEqual({
      code: 1,
      refused: true,
    });
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/refunds/${asked.body.data.reference}/approve`, { body: {} }),
    );
  });
  it('payout: a two-approver payout is approved by two people independent of each other, whichever created the other', async () => {
    const first = await signedIn('FINANCE');
    const createdByFirst = await signedIn('FINANCE');
    const creatorOfFirst = await signedIn('FINANCE');
    const independent = await signedIn('FINANCE');
    await created(first, createdByFirst);
    await created(creatorOfFirst, first);
    const app = await stack.registerApp();
    await setPayoutRules(stack.em(), app.app.id, 'TEST', {
      enabled: true,
      floor: 0,
      bands: [{ currency: null, fromMinor: 0, toMinor: null, approvers: 2 }],
    });
    const asked = await stack.api('POST', '/api/v1/payouts', {
      creds: app.test,
      body: { amountMinor: 60_000, beneficiary: { type: 'BKASH_WALLET', walletNumber: '01812345678' } },
    });
    expect(asked.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 2 });
    const approve = (operator: Operator) =>
      operator.session.call('POST', `/api/v1/admin/payouts/${asked.body.data.reference}/approve`, {
        body: {},
      });

    expect((await approve(first)).status).toBe(200);
    for (const [who, tied] of [
      ['an account the first approver created', createdByFirst],
      ['the account that created the first approver’s', creatorOfFirst],
    ] as const) {
      const answer = await approve(tied);
      expect({ who, status: answer.status, code: answer.body?.meta?.errorCode }).toEqual({
        who,
        status: 403,
        code: 'SELF_APPROVAL_FORBIDDEN',
      });
    }
    const second = await approve(independent);
    expect({ status: second.status, payout: second.body.data.status }).toEqual({
      status: 200,
      payout: 'SCHEDULED',
    });
  });
});
