import {
  ConfigError,
  configSchema,
  loadConfig,
  reconciliationPolicyOf,
} from '../../../platform/config/index.js';
import { reconSettingsFor } from '../../../domain/reconciliation/reconciliation.js';
import { reconciliationWorkflowStart } from '../../../activities/reconciliation/reconciliation-starts.js';

/**
 * RECON_GRACE_DAYS, RECON_FEE_TOLERANCE_MINOR and RECON_PAYOUT_WINDOW_DAYS: read once, per gateway,
 * refused when wrong.
 */
describe('reconciliation settings', () => {
  const policyOf = (env: Record<string, string>) => reconciliationPolicyOf(configSchema.parse(env));

  it('default to 2 days of grace, a tolerance of 100 minor units and a payout window of 3 days on every gateway', () => {
    const policy = policyOf({});
    for (const gateway of ['sslcommerz', 'bkash', 'nagad', 'stripe']) {
      expect(reconSettingsFor(policy, gateway)).toEqual({
        graceDays: 2,
        feeToleranceMinor: 100,
        payoutWindowDays: 3,
      });
    }
    expect(
      reconSettingsFor(
        policyOf({ RECON_GRACE_DAYS: '', RECON_FEE_TOLERANCE_MINOR: '', RECON_PAYOUT_WINDOW_DAYS: '' }),
        'nagad',
      ),
    ).toEqual({
      graceDays: 2,
      feeToleranceMinor: 100,
      payoutWindowDays: 3,
    });
  });

  it('take one number for every gateway, or a number per gateway over one for the rest', () => {
    const policy = policyOf({
      RECON_GRACE_DAYS: '3',
      RECON_FEE_TOLERANCE_MINOR: '150, stripe:0,bkash:40',
      RECON_PAYOUT_WINDOW_DAYS: 'stripe:5',
    });
    expect(reconSettingsFor(policy, 'stripe')).toEqual({
      graceDays: 3,
      feeToleranceMinor: 0,
      payoutWindowDays: 5,
    });
    expect(reconSettingsFor(policy, 'bkash')).toEqual({
      graceDays: 3,
      feeToleranceMinor: 40,
      payoutWindowDays: 3,
    });
    expect(reconSettingsFor(policy, 'sslcommerz')).toEqual({
      graceDays: 3,
      feeToleranceMinor: 150,
      payoutWindowDays: 3,
    });
    // Gateways named alone: the others keep the default.
    const named = policyOf({ RECON_GRACE_DAYS: 'nagad:0,sslcommerz:5' });
    expect(reconSettingsFor(named, 'nagad').graceDays).toBe(0);
    expect(reconSettingsFor(named, 'sslcommerz').graceDays).toBe(5);
    expect(reconSettingsFor(named, 'bkash').graceDays).toBe(2);
  });

  it("never reach a day's workflow: it is started with the day alone, whatever the policy", () => {
    const start = reconciliationWorkflowStart(
      { gateway: 'stripe', mode: 'LIVE', settlementDate: '2026-11-02' },
      'payments',
      'settlement lines imported',
    );
    expect(start.args).toEqual([{ gateway: 'stripe', mode: 'LIVE', settlementDate: '2026-11-02' }]);
  });

  it.each([
    ['RECON_GRACE_DAYS', 'two', /RECON_GRACE_DAYS: every gateway: "two" is not a whole number/],
    ['RECON_GRACE_DAYS', '-1', /RECON_GRACE_DAYS: .*not a whole number/],
    ['RECON_GRACE_DAYS', '61', /RECON_GRACE_DAYS: every gateway: 61 is outside 0–60/],
    ['RECON_GRACE_DAYS', '2,3', /RECON_GRACE_DAYS: "3": a number for every gateway is given twice/],
    [
      'RECON_FEE_TOLERANCE_MINOR',
      '1.5',
      /RECON_FEE_TOLERANCE_MINOR: every gateway: "1.5" is not a whole number/,
    ],
    ['RECON_FEE_TOLERANCE_MINOR', 'paypal:3', /RECON_FEE_TOLERANCE_MINOR: "paypal:3": paypal is not one of/],
    ['RECON_FEE_TOLERANCE_MINOR', 'manual:0', /RECON_FEE_TOLERANCE_MINOR: "manual:0": manual is not one of/],
    [
      'RECON_FEE_TOLERANCE_MINOR',
      'stripe:0,stripe:1',
      /RECON_FEE_TOLERANCE_MINOR: "stripe:1": stripe is given twice/,
    ],
    ['RECON_FEE_TOLERANCE_MINOR', 'stripe:', /RECON_FEE_TOLERANCE_MINOR: stripe: "" is not a whole number/],
    ['RECON_FEE_TOLERANCE_MINOR', '100,', /RECON_FEE_TOLERANCE_MINOR: .*"" is not a whole number/],
    ['RECON_FEE_TOLERANCE_MINOR', '2000000', /RECON_FEE_TOLERANCE_MINOR: every gateway: 2000000 is outside/],
    ['RECON_PAYOUT_WINDOW_DAYS', '31', /RECON_PAYOUT_WINDOW_DAYS: every gateway: 31 is outside 0–30/],
  ])('refuse %s=%s at start-up, naming the setting', (name, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(message);
  });
});
