import type { RailTransferResult, RailTransferStatus } from '../payouts/rail.js';
import type { AcknowledgementLine } from './acknowledgement-file.js';
import type { LineStatusAnswer } from './protocol.js';
import type { ReturnLine } from './return-file.js';
import { RETURN_REASONS, rejectionReason, returnReason } from './return-reasons.js';

/**
 * What one line of a delivered file came to, from what the bank said of it: its acknowledgement
 * line (none yet: PROCESSING), a return line (RETURNED, the money back), and the bank's status
 * answer (SETTLED: SUCCEEDED). Pure, so the rail's reading and its judging stay apart.
 */

export interface LineEvidence {
  fileName: string;
  ack: AcknowledgementLine | undefined;
  returned: ReturnLine | undefined;
  status: LineStatusAnswer | undefined;
}

function result(
  status: RailTransferStatus,
  evidence: LineEvidence,
  fields: Partial<RailTransferResult> = {},
): RailTransferResult {
  return {
    status,
    railTransferId: evidence.ack?.bankTransactionId ?? null,
    feeMinor: null,
    reasonCode: null,
    reason: null,
    ...fields,
    raw: {
      fileName: evidence.fileName,
      acknowledgement: evidence.ack ?? null,
      returned: evidence.returned ?? null,
      bankStatus: evidence.status?.status ?? null,
    },
  };
}

export function lineOutcome(evidence: LineEvidence): RailTransferResult {
  const { ack, returned, status } = evidence;
  if (!ack) return result('PROCESSING', evidence);
  if (ack.status === 'REJECTED') {
    const ours = rejectionReason(ack.reasonCode ?? '');
    return result('FAILED', evidence, {
      reasonCode: ours.reasonCode,
      reason: ack.reason ?? ack.reasonCode,
      ...(ours.shortBalance ? { shortBalance: true } : {}),
    });
  }
  // The bank's charges for the transfer, as its acknowledgement states them.
  const fee = { feeMinor: ack.chargeMinor ?? null };
  if (returned) {
    return result('RETURNED', evidence, {
      ...fee,
      reasonCode: returnReason(returned.returnCode).reasonCode,
      reason: returned.reason || (RETURN_REASONS[returned.returnCode]?.text ?? returned.returnCode),
    });
  }
  // A status answer alone never says "returned": only the return file, with the money, does.
  if (status?.status === 'SETTLED' || status?.status === 'RETURNED')
    return result('SUCCEEDED', evidence, fee);
  return result('PROCESSING', evidence);
}

/**
 * One reference's outcome across the files it went in (attempt order): a file that did not fail
 * is the transfer (the bank refuses a second live line for a reference, so there is at most one);
 * when every attempt failed, the last one's answer stands.
 */
export function referenceOutcome(outcomes: readonly RailTransferResult[]): RailTransferResult | null {
  return outcomes.find((outcome) => outcome.status !== 'FAILED') ?? outcomes.at(-1) ?? null;
}
