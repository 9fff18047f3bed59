import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RULE_BOOK_PAGES, withRuleBook } from '../../../domain/approvals/rule-book-table.js';
import {
  defaultApprovers,
  MONEY_ACTIONS,
  MONEY_SCOPES,
  mayApprove,
  mayRequest,
  RULE_BOOK,
} from '../../../domain/approvals/rule-book.js';
import { PERMISSIONS } from '../../../domain/operators/permissions.js';
import { compareControls } from '../../../domain/operators/control-changes.js';
import { DEFAULT_RECEIPT_APPROVALS } from '../../../domain/payments/manual-receipts.js';
import { compareRailSwitch } from '../../../domain/payouts/rail-switches.js';
import { defaultPayoutRules } from '../../../domain/payouts/payout-rules.js';
import type { MoneyAction } from '../../../domain/approvals/rule-book.js';
import { approversFor, DEFAULT_APPROVAL_RULES } from '../../../domain/refunds/refund-approval-rules.js';

const root = path.resolve(__dirname, '..', '..', '..');

describe('the rule book', () => {
  it('holds the same roles as the permission table for each money action', () => {
    for (const action of MONEY_ACTIONS) {
      const { permissions, requesters, approverRoles } = RULE_BOOK[action];
      if (permissions.request) {
        expect({ action, roles: [...PERMISSIONS[permissions.request]].sort() }).toEqual({
          action,
          roles: [...requesters].sort(),
        });
      }
      if (permissions.approve) {
        expect({ action, roles: [...PERMISSIONS[permissions.approve]].sort() }).toEqual({
          action,
          roles: [...approverRoles].sort(),
        });
      }
    }
  });

  it('never lets a role without money permissions approve money', () => {
    for (const action of MONEY_ACTIONS) {
      expect(mayApprove(action, 'DEVELOPER')).toBe(false);
      expect(mayApprove(action, 'SUPPORT')).toBe(false);
      expect(mayApprove(action, 'VIEWER')).toBe(false);
    }
    expect(mayRequest('refund', 'DEVELOPER')).toBe(false);
    expect(mayRequest('key.money-scopes', 'DEVELOPER')).toBe(true);
  });

  it('is the refunds’ defaults: the refund rules an app starts with are the rule book’s bands', () => {
    for (const amountMinor of [1, 1_000_000, 1_000_001, 10_000_000, 10_000_001]) {
      for (const mode of ['TEST', 'LIVE'] as const) {
        const facts = {
          amountMinor,
          currency: 'BDT',
          gateway: null,
          paymentMethod: null,
          requester: 'APP' as const,
        };
        expect(approversFor(DEFAULT_APPROVAL_RULES[mode], facts)).toBe(
          defaultApprovers('refund', mode, { currency: 'BDT', amountsMinor: [amountMinor] }),
        );
      }
    }
    expect(defaultApprovers('refund', 'LIVE', { currency: 'USD', amountsMinor: [100] })).toBe(1);
  });

  it('asks for an approver on every LIVE payout until finance loosens it, and two above the band', () => {
    expect(defaultApprovers('payout', 'LIVE', { currency: 'BDT', amountsMinor: [100] })).toBe(1);
    expect(defaultApprovers('payout', 'LIVE', { currency: 'BDT', amountsMinor: [100, 10_000_001] })).toBe(2);
    expect(defaultApprovers('payout', 'TEST', { currency: 'BDT', amountsMinor: [100, 10_000_001] })).toBe(0);
    expect(defaultApprovers('refund.destination', 'TEST')).toBe(1);
    expect(defaultApprovers('key.money-scopes', 'LIVE')).toBe(1);
    expect(defaultApprovers('key.money-scopes', 'TEST')).toBe(0);
  });

  it('is what each process waits for: receipts, rail switches and LIVE payouts turned on', () => {
    for (const mode of ['TEST', 'LIVE'] as const) {
      // A receipt's count is of operators: the one who records it, and the approvers after.
      expect(DEFAULT_RECEIPT_APPROVALS[mode] - 1).toBe(defaultApprovers('receipt.manual', mode));
      expect(compareRailSwitch(mode, false, true)).toBe(
        defaultApprovers('rail.switch-on', mode) > 0 ? 'LOOSER' : 'STRICTER',
      );
      const off = { ...defaultPayoutRules(mode), enabled: false };
      const on = { ...off, enabled: true };
      expect(defaultApprovers('payout.enable', mode) > 0).toBe(
        compareControls(
          { kind: 'PAYOUT_APPROVAL', payoutRules: off },
          { kind: 'PAYOUT_APPROVAL', payoutRules: on },
        ) === 'LOOSER',
      );
    }
  });

  it('asks one approver of every act that one decision closes', () => {
    // Proposals (controls, guardrails, rails, people, parked money), receipts, confirmations,
    // adjustments, destinations and key requests each close on one approver's decision: a count of
    // two in the book would be a rule no door carries out.
    const closedByOneDecision: MoneyAction[] = MONEY_ACTIONS.filter(
      (action) => action !== 'refund' && action !== 'payout' && action !== 'payout.batch',
    );
    for (const action of closedByOneDecision) {
      for (const mode of ['TEST', 'LIVE'] as const) {
        expect({ action, mode, atMostOne: defaultApprovers(action, mode) <= 1 }).toEqual({
          action,
          mode,
          atMostOne: true,
        });
      }
    }
  });

  it('counts refunds and payouts as the money scopes', () => {
    expect([...MONEY_SCOPES].sort()).toEqual(['payouts', 'refunds']);
  });

  it.each(RULE_BOOK_PAGES)('is printed in %s as the code has it', (page) => {
    const text = readFileSync(path.join(root, page), 'utf8');
    // `npm run docs:rule-book` writes it afresh.
    expect(withRuleBook(text)).toBe(text);
  });
});
