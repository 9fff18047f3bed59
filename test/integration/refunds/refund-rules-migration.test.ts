import { Client } from 'pg';
import { CARRY_POLICIES_OVER } from '../../../db/migrations/Migration20270102000000_refund_approval_rules.js';
import type { ApprovalPolicy } from '../../../domain/refunds/refund-approval.js';
import { rulesFromPolicy } from '../../../domain/refunds/refund-approval-rules.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * The migration carries each app's refund approval policy over as the rules that hold the same
 * refunds: exactly what `rulesFromPolicy` (which the API uses for the one-line form, and whose
 * comparison a unit test holds to the policies') makes of it. Run on a session's own temporary
 * tables, which hide the real ones from that session alone.
 */
describe('the refund approval rules migration', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: requireEnv(testEnv.databaseUrl) });
    await client.connect();
    await client.query(`
      create temporary table refund_approval_policies (
        app_id bigint, mode text, rule text, threshold_minor bigint, currency text,
        updated_at timestamptz not null default now());
      create temporary table refund_approval_rule_sets (app_id bigint, mode text, updated_at timestamptz);
      create temporary table refund_approval_rules (
        app_id bigint, mode text, position int, from_minor bigint, to_minor bigint, currency text,
        gateway text, payment_method text, requester text, approvers smallint);
    `);
  });
  afterAll(() => client.end());

  const policies: Array<[appId: number, mode: 'TEST' | 'LIVE', policy: ApprovalPolicy]> = [
    [1, 'TEST', { rule: 'NEVER', thresholdMinor: null, currency: null }],
    [1, 'LIVE', { rule: 'ABOVE_AMOUNT', thresholdMinor: 1_000_000, currency: 'BDT' }],
    [2, 'TEST', { rule: 'ALWAYS', thresholdMinor: null, currency: null }],
    [2, 'LIVE', { rule: 'ABOVE_AMOUNT', thresholdMinor: 0, currency: 'USD' }],
    [3, 'LIVE', { rule: 'ABOVE_AMOUNT', thresholdMinor: 2500, currency: 'BDT' }],
  ];

  it('gives each policy the rules that hold the same refunds, and each app and mode its rule set', async () => {
    for (const [appId, mode, policy] of policies) {
      await client.query(
        'insert into refund_approval_policies (app_id, mode, rule, threshold_minor, currency) values ($1, $2, $3, $4, $5)',
        [appId, mode, policy.rule, policy.thresholdMinor, policy.currency],
      );
    }
    await client.query(CARRY_POLICIES_OVER);

    const sets = await client.query(
      'select app_id, mode from refund_approval_rule_sets order by app_id, mode',
    );
    expect(sets.rows.map((r) => `${r.app_id}:${r.mode}`)).toEqual(
      policies.map(([appId, mode]) => `${appId}:${mode}`).sort(),
    );
    for (const [appId, mode, policy] of policies) {
      const { rows } = await client.query(
        `select from_minor, to_minor, currency, gateway, payment_method, requester, approvers
           from refund_approval_rules where app_id = $1 and mode = $2 order by position`,
        [appId, mode],
      );
      const carried = rows.map((r) => ({
        fromMinor: Number(r.from_minor),
        toMinor: r.to_minor === null ? null : Number(r.to_minor),
        currency: r.currency,
        gateway: r.gateway,
        paymentMethod: r.payment_method,
        requester: r.requester,
        approvers: Number(r.approvers),
      }));
      expect({ appId, mode, rules: carried }).toEqual({ appId, mode, rules: rulesFromPolicy(policy) });
    }
  });
});
