import type { PayoutBeneficiary } from '../payouts/beneficiary.js';

/**
 * A transaction as the gateway's own API (validation or query) reports it.
 * `outcome` is our reading of the gateway status; amounts are already integer minor units.
 */
export interface GatewayTransaction {
  outcome: 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'PENDING' | 'EXPIRED' | 'UNKNOWN';
  gatewayStatus: string;
  reference: string;
  amountMinor: number | null;
  currency: string | null;
  validationId: string | null;
  gatewayTransactionId: string | null;
  /** The wallet or card scheme that paid, in the gateway's words ("BKASH-BKash", "VISA-Brac bank"). */
  paymentMethod?: string | null;
  riskLevel: number | null;
  /** What the gateway kept of the amount as its fee, when it reports one. */
  feeMinor: number | null;
  /**
   * The wallet or account that paid, when the gateway names it in full (bKash's customerMsisdn):
   * a refund goes back there unless someone asks otherwise. Absent or null: not known.
   */
  payerAccount?: PayoutBeneficiary | null;
  raw: Record<string, unknown>;
}

/** A report that knows of no money: nothing captured, nothing to judge but its status. */
export function transactionWithoutMoney(
  reference: string,
  outcome: 'PENDING' | 'UNKNOWN',
  gatewayStatus: string,
  raw: Record<string, unknown> = {},
): GatewayTransaction {
  return {
    outcome,
    gatewayStatus,
    reference,
    amountMinor: null,
    currency: null,
    validationId: null,
    gatewayTransactionId: null,
    riskLevel: null,
    feeMinor: null,
    raw,
  };
}
