import { authorize, type AdminState } from '../../../api/admin/session.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { ACTIONS, can, ROLES, type Action, type Role } from '../../../domain/operators/permissions.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * The whole role × action matrix, decided by the server: for every action of the permission table
 * and every role, the admin API answers as `can(role, action)` says.
 */

interface Probe {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

// Ids that exist nowhere: an allowed role gets past the role check and then a 400 or 404.
const NO_ID = 999_999_999;

/** One representative admin JSON request per action. */
const endpoints: Partial<Record<Action, Probe>> = {
  'dashboard.read': { method: 'GET', path: '/api/v1/admin/overview' },
  'apps.read': { method: 'GET', path: '/api/v1/admin/apps' },
  'apps.create': { method: 'POST', path: '/api/v1/admin/apps', body: {} },
  'apps.update': { method: 'PATCH', path: `/api/v1/admin/apps/${NO_ID}`, body: {} },
  'apps.suspend': { method: 'POST', path: `/api/v1/admin/apps/${NO_ID}/suspend` },
  'credentials.rotate': { method: 'POST', path: `/api/v1/admin/apps/${NO_ID}/credentials/rotate`, body: {} },
  'credentials.revoke': { method: 'POST', path: `/api/v1/admin/credentials/${NO_ID}/revoke` },
  'credentials.approve': { method: 'POST', path: `/api/v1/admin/key-requests/${NO_ID}/approve`, body: {} },
  'webhooks.update': { method: 'PUT', path: `/api/v1/admin/apps/${NO_ID}/webhooks/TEST`, body: {} },
  'webhooks.ping': { method: 'POST', path: `/api/v1/admin/apps/${NO_ID}/webhooks/TEST/ping` },
  'gateways.manage': {
    method: 'PUT',
    path: `/api/v1/admin/apps/${NO_ID}/gateways/TEST/sslcommerz`,
    body: {},
  },
  'payments.read': { method: 'GET', path: '/api/v1/admin/payments' },
  'webhooks.read': { method: 'GET', path: '/api/v1/admin/webhooks/events' },
  'webhooks.resend': { method: 'POST', path: '/api/v1/admin/webhooks/events/evt_missing/resend' },
  'emails.read': { method: 'GET', path: '/api/v1/admin/emails' },
  'audit.read': { method: 'GET', path: '/api/v1/admin/audit' },
  'operators.read': { method: 'GET', path: '/api/v1/admin/operators' },
  'operators.manage': { method: 'POST', path: '/api/v1/admin/operators', body: {} },
  'refunds.approve': {
    method: 'POST',
    path: '/api/v1/admin/refunds/rf_00000000000000000000/approve',
    body: {},
  },
  'payouts.approve': { method: 'POST', path: `/api/v1/admin/payouts/${NO_ID}/approve`, body: {} },
  'refunds.create': { method: 'POST', path: `/api/v1/admin/payments/${NO_ID}/refunds`, body: {} },
  'receipts.record': { method: 'POST', path: `/api/v1/admin/payments/${NO_ID}/receipts`, body: {} },
  'receipts.approve': { method: 'POST', path: `/api/v1/admin/receipts/${NO_ID}/approve`, body: {} },
  'refunds.confirm': {
    method: 'POST',
    path: '/api/v1/admin/refunds/rf_00000000000000000000/confirm',
    body: {},
  },
  'refunds.policy': { method: 'PUT', path: `/api/v1/admin/apps/${NO_ID}/refund-approval/TEST`, body: {} },
  'receipts.policy': { method: 'PUT', path: `/api/v1/admin/apps/${NO_ID}/receipt-approvals/TEST`, body: {} },
  'guardrails.propose': { method: 'PUT', path: `/api/v1/admin/apps/${NO_ID}/guardrails/TEST`, body: {} },
  'controls.decide': { method: 'POST', path: `/api/v1/admin/control-changes/${NO_ID}/approve`, body: {} },
  'ledger.read': { method: 'GET', path: '/api/v1/admin/ledger/accounts' },
  'reports.read': { method: 'GET', path: '/api/v1/admin/report-runs' },
  'reports.run': { method: 'POST', path: `/api/v1/admin/report-schedules/${NO_ID}/pause` },
  'ledger.configure': { method: 'DELETE', path: `/api/v1/admin/fee-schedules/${NO_ID}` },
  'invoices.manage': { method: 'POST', path: '/api/v1/admin/invoices', body: {} },
  'invoices.void': { method: 'POST', path: `/api/v1/admin/invoices/${NO_ID}/void`, body: {} },
  'attention.resolve': {
    method: 'POST',
    path: `/api/v1/admin/payments/${NO_ID}/attention/resolve`,
    body: {},
  },
  'reconciliation.read': { method: 'GET', path: '/api/v1/admin/settlements/imports' },
  'settlements.import': { method: 'POST', path: '/api/v1/admin/settlements/imports', body: {} },
  'reconciliation.resolve': {
    method: 'POST',
    path: '/api/v1/admin/reconciliation/exceptions/rex_00000000000000000000/resolve',
    body: {},
  },
};

/** Actions the server decides inside another response rather than with its own endpoint. */
const reflectedInResponses: Action[] = [];

/**
 * Actions with no admin endpoint yet (reconciliation comes with its own issue). Their row of the
 * table is checked through authorize(), the function every endpoint uses; when an endpoint lands,
 * move the action into `endpoints`.
 */
const pendingEndpoints: Action[] = [];

describe('admin role × action matrix', () => {
  let stack: Stack;
  const sessions = new Map<Role, Awaited<ReturnType<Stack['adminLogin']>>>();
  let paymentReference: string;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    for (const role of ROLES) {
      const operator = await stack.createOperator(role);
      const session = await stack.adminLogin(operator.email, operator.password);
      // Step up first, so STEP_UP_REQUIRED never stands in for the role decision.
      expect((await session.stepUp()).status).toBe(200);
      sessions.set(role, session);
    }
    const app = await stack.registerApp();
    paymentReference = (await stack.createPayment(app.test)).reference;
  });
  afterAll(() => stack.close());

  it('covers every action of the permission table exactly once', () => {
    const covered = [...Object.keys(endpoints), ...reflectedInResponses, ...pendingEndpoints];
    expect([...covered].sort()).toEqual([...ACTIONS].sort());
    expect(new Set(covered).size).toBe(covered.length);
  });

  const endpointCases = ACTIONS.filter((action) => endpoints[action]).flatMap((action) =>
    ROLES.map((role) => [action, role, can(role, action)] as const),
  );

  it.each(endpointCases)('%s as %s: allowed = %s', async (action, role, allowed) => {
    const probe = endpoints[action]!;
    const response = await sessions.get(role)!.call(probe.method, probe.path, { body: probe.body });
    const code = response.body?.meta?.errorCode;
    if (allowed) {
      expect(response.status).not.toBe(401);
      expect(code).not.toBe('FORBIDDEN');
      expect(code).not.toBe('STEP_UP_REQUIRED');
      // A missing route must not pass for an allowed role.
      expect(code).not.toBe('NOT_FOUND');
      expect(code).not.toBe('METHOD_NOT_ALLOWED');
      expect(response.status).toBeLessThan(500);
    } else {
      expect(response.status).toBe(403);
      expect(code).toBe('FORBIDDEN');
    }
  });

  it.each(ROLES.map((role) => [role, can(role, 'ledger.read')] as const))(
    'ledger.read as %s: payment detail carries ledger lines = %s',
    async (role, allowed) => {
      const response = await sessions.get(role)!.call('GET', `/api/v1/admin/payments/${paymentReference}`);
      expect(response.status).toBe(200);
      expect('ledger' in response.body.data).toBe(allowed);
    },
  );

  it('decides each action with no endpoint yet through authorize(), as its row says', () => {
    for (const action of pendingEndpoints) {
      for (const role of ROLES) {
        const at = new Date();
        const admin = {
          operator: { id: 1, email: 'matrix@ops.example', role, status: 'ACTIVE' },
          session: { stepUpAt: at },
        } as unknown as AdminState;
        const decide = () => authorize({ clock: () => at }, admin, action);
        if (can(role, action)) {
          expect(decide).not.toThrow();
        } else {
          let error: unknown;
          try {
            decide();
          } catch (caught) {
            error = caught;
          }
          expect(error).toBeInstanceOf(ApiError);
          expect((error as ApiError).code).toBe('FORBIDDEN');
        }
      }
    }
  });
});
