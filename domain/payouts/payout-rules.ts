import { approversInBands, RULE_BOOK, type AmountBand } from '../approvals/rule-book.js';
import { compareRuleSets, rulesFromBands } from '../refunds/refund-approval-rules.js';
import type { Mode } from '../shared/mode.js';
import type { Strictness } from '../shared/strictness.js';

/**
 * An app's payout rules for one mode, kept apart from its refund rules: whether payouts are on at
 * all, how many approvers a payout needs by amount band (the payout and what the app paid out
 * that company day before it), and the least any payout needs whatever its band (the floor).
 * Until finance sets them, an app has the rule book's defaults (domain/approvals/rule-book.ts):
 * TEST payouts on with the TEST bands; LIVE payouts off, with the LIVE bands and a floor of one.
 * Pure: admission, the controls API and the tests ask these functions.
 */
export interface PayoutRules {
  /** Whether the app may pay out in this mode at all. */
  enabled: boolean;
  /** The least number of approvers any payout waits for. */
  floor: 0 | 1;
  bands: AmountBand[];
}

/** What finance has not set: the rule book's payout defaults, LIVE payouts off until turned on. */
export function defaultPayoutRules(mode: Mode): PayoutRules {
  const count = RULE_BOOK.payout.approvals[mode];
  if (count.kind !== 'bands') throw new Error('the rule book gives payouts amount bands');
  return { enabled: mode === 'TEST', floor: count.floor, bands: count.bands.map((band) => ({ ...band })) };
}

/**
 * The approvers a payout (or a batch, at its total) needs under the rules: the most its bands ask
 * for at the amount alone and with what the app paid out that day before it, never under the
 * floor; an amount no band covers waits for one.
 */
export function approversForPayout(
  rules: PayoutRules,
  payout: { amountMinor: number; currency: string },
  appPaidOutTodayMinor: number,
): 0 | 1 | 2 {
  const amounts = [payout.amountMinor, appPaidOutTodayMinor + payout.amountMinor];
  const most = amounts.reduce<0 | 1 | 2>((highest, amountMinor) => {
    const needed = approversInBands(rules.bands, { amountMinor, currency: payout.currency });
    return needed > highest ? needed : highest;
  }, 0);
  return most < rules.floor ? rules.floor : most;
}

/**
 * Whether a payout that takes the deployment's LIVE payouts of the company day above the daily
 * ceiling: such a payout waits for at least one approver whatever the app's rules say.
 */
export function overDailyCeiling(
  payout: { amountMinor: number; currency: string },
  deploymentTodayMinor: number,
  ceiling: { currency: string; amountMinor: number },
): boolean {
  return (
    payout.currency === ceiling.currency && deploymentTodayMinor + payout.amountMinor > ceiling.amountMinor
  );
}

const worst = (verdicts: readonly Strictness[]): Strictness =>
  verdicts.includes('LOOSER') ? 'LOOSER' : verdicts.includes('STRICTER') ? 'STRICTER' : 'EQUAL';

/**
 * How proposed payout rules compare with the current ones: LOOSER as soon as any part lets a
 * payout through that waited or was refused before (turning payouts on, a lower floor, a band
 * asking fewer approvers), so each of those waits for an ADMIN; STRICTER when nothing loosens and
 * something tightens.
 */
export function comparePayoutRules(current: PayoutRules, proposed: PayoutRules): Strictness {
  const enabled: Strictness =
    current.enabled === proposed.enabled ? 'EQUAL' : proposed.enabled ? 'LOOSER' : 'STRICTER';
  const floor: Strictness =
    current.floor === proposed.floor ? 'EQUAL' : proposed.floor < current.floor ? 'LOOSER' : 'STRICTER';
  const bands = compareRuleSets(rulesFromBands(current.bands), rulesFromBands(proposed.bands));
  return worst([enabled, floor, bands]);
}

const bandKey = (band: AmountBand) =>
  JSON.stringify([band.currency, band.fromMinor, band.toMinor, band.approvers]);

/** Whether two settings are the same setting (the stale check of an approval). */
export function samePayoutRules(a: PayoutRules, b: PayoutRules): boolean {
  return (
    a.enabled === b.enabled &&
    a.floor === b.floor &&
    a.bands.length === b.bands.length &&
    a.bands.every((band, index) => bandKey(band) === bandKey(b.bands[index]!))
  );
}
