import { z } from 'zod';
import { CONTROL_CHANGE_STATUSES } from '../../../domain/operators/control-changes.js';
import { MOVEMENT_KINDS } from '../../../domain/apps/guardrails.js';
import { CURRENCIES } from '../../../domain/shared/money.js';
import { PAYMENT_METHOD_TYPES } from '../../../domain/payments/payment-method-type.js';
import type { ApprovalPolicy } from '../../../domain/refunds/refund-approval.js';
import {
  REQUESTER_KINDS,
  rulesFromPolicy,
  type RefundApprovalRule,
} from '../../../domain/refunds/refund-approval-rules.js';
import { GATEWAY_MODULES } from '../../../gateways/catalogue.js';
import { queryInt } from '../../query-values.js';
import { visibleText } from '../../../domain/shared/text-fields.js';
import { approvalPolicyBody, type ApprovalPolicyBody } from '../refunds/schemas.js';

/** Request bodies and queries of the controls area; the dashboard forms are converted to the same shapes. */

export const receiptApprovalsBody = z.strictObject({
  approvals: z
    .union([z.literal(1), z.literal(2)])
    .describe('1: the operator who records a receipt confirms it; 2: a second operator must (maker-checker)'),
});

export const controlChangesQuery = z.strictObject({
  status: z
    .enum(CONTROL_CHANGE_STATUSES)
    .optional()
    .describe('Only changes in this status (PENDING: the queue); all when absent'),
  appId: queryInt({ min: 1 }).optional(),
  page: queryInt({ min: 1, max: 100000 }).default(1),
  size: queryInt({ min: 1, max: 100 }).default(20),
});
export type ControlChangesQuery = z.infer<typeof controlChangesQuery>;

export const controlDecisionBody = z.strictObject({
  comment: visibleText(500).optional().describe('Why; recorded with the decision and in the audit log'),
});

/** A policy as stored: a threshold and its currency only for ABOVE_AMOUNT. */
export function policyFromBody(body: ApprovalPolicyBody): ApprovalPolicy {
  return body.rule === 'ABOVE_AMOUNT'
    ? { rule: body.rule, thresholdMinor: body.thresholdMinor, currency: body.currency }
    : { rule: body.rule, thresholdMinor: null, currency: null };
}

const GATEWAY_NAMES = GATEWAY_MODULES.map((m) => m.name) as [string, ...string[]];
const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One row of an app's refund approval rules. */
export const approvalRuleBody = z
  .strictObject({
    fromMinor: minor.describe('The band starts at this many minor units (inclusive)'),
    toMinor: minor
      .nullable()
      .default(null)
      .describe('The band ends at this many minor units (inclusive); null: no end'),
    currency: z
      .enum(CURRENCIES)
      .nullable()
      .default(null)
      .describe('Only refunds in this currency; null: any'),
    gateway: z
      .enum(GATEWAY_NAMES)
      .nullable()
      .default(null)
      .describe("Only refunds of this gateway's payments; null: any"),
    paymentMethod: z
      .enum(PAYMENT_METHOD_TYPES)
      .nullable()
      .default(null)
      .describe('Only refunds of payments of this method type; null: any'),
    requester: z
      .enum(REQUESTER_KINDS)
      .nullable()
      .default(null)
      .describe(
        'Only refunds asked for by the app with its key (APP) or by an operator (OPERATOR); null: either',
      ),
    approvers: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .describe('How many distinct approvers, none of them the requester, a refund in this band needs'),
  })
  .refine((rule) => rule.toMinor === null || rule.toMinor >= rule.fromMinor, {
    message: 'toMinor must not be below fromMinor',
    path: ['toMinor'],
  });

/**
 * An app's refund approval rules for one mode, in full (they replace the rules in force). The
 * strictest rule covering a refund applies; a refund no rule covers waits for one approver.
 */
export const approvalRulesBody = z.strictObject({
  rules: z.array(approvalRuleBody).max(50).describe('The rules, in the order the dashboard shows them'),
});

/** A refund approval setting: the rules, or the one-line policy they are made from (a rule and threshold). */
export const refundApprovalBody = z.union([approvalRulesBody, approvalPolicyBody]);
export type RefundApprovalBody = z.infer<typeof refundApprovalBody>;

export function rulesFromBody(body: RefundApprovalBody): RefundApprovalRule[] {
  return 'rules' in body ? body.rules : rulesFromPolicy(policyFromBody(body));
}

/** One amount band of an app's payout rules. */
const payoutBandBody = z
  .strictObject({
    currency: z
      .enum(CURRENCIES)
      .nullable()
      .default(null)
      .describe('Only payouts in this currency; null: any'),
    fromMinor: minor.describe('The band starts at this many minor units (inclusive)'),
    toMinor: minor
      .nullable()
      .default(null)
      .describe('The band ends at this many minor units (inclusive); null: no end'),
    approvers: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .describe('How many distinct approvers a payout (or batch, at its total) in this band needs'),
  })
  .refine((band) => band.toMinor === null || band.toMinor >= band.fromMinor, {
    message: 'toMinor must not be below fromMinor',
    path: ['toMinor'],
  });

/**
 * An app's payout rules for one mode, in full (they replace the rules in force): whether payouts
 * are on, the least number of approvers any payout waits for, and the approvers by amount band
 * (the payout with what the app paid out that day; an amount no band covers waits for one).
 */
export const payoutApprovalBody = z.strictObject({
  enabled: z.boolean().describe('Whether the app may pay out in this mode; turning it on waits for an ADMIN'),
  floor: z
    .union([z.literal(0), z.literal(1)])
    .describe('The least number of approvers any payout waits for, whatever its band'),
  bands: z.array(payoutBandBody).max(50).describe('The amount bands, in the order the dashboard shows them'),
});
export type PayoutApprovalBody = z.infer<typeof payoutApprovalBody>;

const cap = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable().default(null);

/** An app's guardrails for one mode, in full (they replace the ones in force). */
export const guardrailsBody = z.strictObject({
  moneyMovementStopped: z
    .boolean()
    .default(false)
    .describe("The app's kill switch: true stops new payments, refunds and payouts (403 APP_SUSPENDED)"),
  stoppedGateways: z
    .array(z.enum(GATEWAY_NAMES))
    .max(GATEWAY_NAMES.length)
    .default([])
    .describe('Gateways switched off for this app: not offered at checkout, payments naming one refused'),
  velocityPerMinute: z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .nullable()
    .default(null)
    .describe('Payments, refunds and payouts the app may create per minute; null: no cap'),
  refundRatioAlarmPercent: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .nullable()
    .default(null)
    .describe("Alarm operators when the day's refunds exceed this percent of its sales; null: no alarm"),
  limits: z
    .array(
      z.strictObject({
        kind: z.enum(MOVEMENT_KINDS),
        currency: z.enum(CURRENCIES),
        perTransactionMinor: cap.describe('The most one may be, in minor units; null: no limit'),
        perDayMinor: cap.describe('The most they may add up to in a company day; null: no limit'),
      }),
    )
    .max(30)
    .default([])
    .refine(
      (limits) => new Set(limits.map((limit) => `${limit.kind} ${limit.currency}`)).size === limits.length,
      { message: 'One limit per kind and currency' },
    ),
});
export type GuardrailsBody = z.infer<typeof guardrailsBody>;
