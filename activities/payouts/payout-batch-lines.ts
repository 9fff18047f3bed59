import type { BatchLineIssue, BatchLineErrorCode } from '../../domain/payouts/payout-batches.js';
import { duplicateLineReferences } from '../../domain/payouts/payout-batches.js';
import type { Mode } from '../../domain/shared/mode.js';
import type { NewBatchLine } from '../../db/payouts/payout-batches.js';
import type { Beneficiary } from '../../gateways/payouts/rail.js';
import { RAIL_FOR_BENEFICIARY, type PayoutRailRegistry } from '../../gateways/payouts/registry.js';
import { batchLineSchema, type BatchLineBody } from '../../domain/payouts/payout-bodies.js';

const beneficiaryOf = (body: BatchLineBody['beneficiary']): Beneficiary =>
  body.type === 'BANK_ACCOUNT'
    ? { ...body, bankName: body.bankName ?? null }
    : { type: body.type, walletNumber: body.walletNumber, name: body.name ?? null };

const issue = (
  index: number,
  lineReference: string | null,
  errorCode: BatchLineErrorCode,
  field: string | null,
  message: string,
): BatchLineIssue => ({ line: index + 1, lineReference, errorCode, field, message });

/**
 * Judges every line of a batch (from the API or a parsed file) as a single payout would be: its
 * body, its rail configured in this mode and not in `switchedOff`, its amount in the rail's range,
 * its reference unique in the batch. Answers the lines when all are valid, else every issue with
 * its 1-based line number.
 */
export function judgeBatchLines(
  rails: PayoutRailRegistry,
  mode: Mode,
  rawLines: readonly unknown[],
  switchedOff: ReadonlySet<string> = new Set(),
): { lines: NewBatchLine[]; issues: BatchLineIssue[] } {
  const lines: NewBatchLine[] = [];
  const issues: BatchLineIssue[] = [];
  rawLines.forEach((raw, index) => {
    const parsed = batchLineSchema.safeParse(raw);
    const rawReference = (raw as { lineReference?: unknown } | null)?.lineReference;
    const reference = typeof rawReference === 'string' ? rawReference : null;
    if (!parsed.success) {
      for (const problem of parsed.error.issues) {
        issues.push(issue(index, reference, 'LINE_INVALID', problem.path.join('.') || null, problem.message));
      }
      return;
    }
    const body = parsed.data;
    const railName = RAIL_FOR_BENEFICIARY[body.beneficiary.type];
    const rail = rails.rail(railName, mode);
    if (!rail) {
      issues.push(
        issue(
          index,
          body.lineReference,
          'RAIL_NOT_CONFIGURED',
          'beneficiary.type',
          `The ${railName} rail is not configured for ${mode}`,
        ),
      );
      return;
    }
    if (switchedOff.has(railName)) {
      issues.push(
        issue(
          index,
          body.lineReference,
          'RAIL_SWITCHED_OFF',
          'beneficiary.type',
          `The ${railName} rail is switched off for ${mode}`,
        ),
      );
      return;
    }
    const { minAmountMinor, maxAmountMinor } = rail.describe();
    if (body.amountMinor < minAmountMinor || body.amountMinor > maxAmountMinor) {
      issues.push(
        issue(
          index,
          body.lineReference,
          'PAYOUT_AMOUNT_OUT_OF_RANGE',
          'amountMinor',
          `The ${railName} rail pays ${minAmountMinor} to ${maxAmountMinor} in one transfer`,
        ),
      );
      return;
    }
    lines.push({
      lineReference: body.lineReference,
      rail: railName,
      amountMinor: body.amountMinor,
      currency: body.currency,
      beneficiary: beneficiaryOf(body.beneficiary),
      narrative: body.narrative ?? null,
      metadata: body.metadata ?? {},
    });
  });
  // A line without a string reference is already answered LINE_INVALID; it stands apart here (NUL cannot be in a reference).
  const allReferences = rawLines.map((raw, index) => {
    const value = (raw as { lineReference?: unknown } | null)?.lineReference;
    return typeof value === 'string' ? value : `\u0000${index}`;
  });
  for (const repeat of duplicateLineReferences(allReferences)) {
    issues.push(
      issue(
        repeat.index,
        repeat.reference,
        'LINE_REFERENCE_DUPLICATE',
        'lineReference',
        'Another line of the batch has this reference',
      ),
    );
  }
  issues.sort((a, b) => a.line - b.line);
  return { lines: issues.length === 0 ? lines : [], issues };
}
