import type { Mode } from '../../domain/shared/mode.js';

/**
 * The rail-neutral interface every payout rail implements in its own folder (bKash disbursement,
 * Nagad disbursement, bank transfers by file). The payout core asks a rail to check a beneficiary,
 * send a transfer, say what became of one and what it holds, without knowing a single wire field.
 *
 * Sending twice is what a payout must never do, so every rail is keyed by our payout reference:
 * `send` carries it to the rail (bKash's invoice number, Nagad's order id, the bank file's
 * end-to-end reference), and `find` asks the rail by it. The core sends only after `find` answered
 * NOT_FOUND, and after any doubt (a lost answer, a timeout) asks `find` again instead of resending.
 */

/** Who receives a payout, as the app sends it. Wallet numbers are Bangladeshi MSISDNs (01XXXXXXXXX). */
export type Beneficiary =
  | { type: 'BKASH_WALLET'; walletNumber: string; name: string | null }
  | { type: 'NAGAD_WALLET'; walletNumber: string; name: string | null }
  | {
      type: 'BANK_ACCOUNT';
      accountNumber: string;
      accountName: string;
      /** Bangladesh Bank's nine-digit routing number of the receiving branch. */
      routingNumber: string;
      bankName: string | null;
      /** How the bank sends it; absent: the rail's default. */
      method?: BankTransferMethod;
    };

export type BeneficiaryType = Beneficiary['type'];

/** How a bank transfer travels: BEFTN in the next batch window, NPSB at once. */
export type BankTransferMethod = 'BEFTN' | 'NPSB';

export interface PayoutTransfer {
  /** Our payout reference (po_…): the rail's idempotency key for this transfer. */
  reference: string;
  amountMinor: number;
  currency: 'BDT';
  beneficiary: Beneficiary;
  /** Shown to the beneficiary where the rail carries one (bank narrative, wallet reference). */
  narrative: string;
  /** Bank rail only. */
  method?: BankTransferMethod;
}

/**
 * What the rail says of one transfer. PROCESSING: taken, not final (a bank file awaiting its
 * acknowledgement); RETURNED: paid, then sent back (a bank return file); NOT_FOUND: the rail holds
 * nothing under this reference, so nothing was sent.
 */
export type RailTransferStatus = 'SUCCEEDED' | 'PROCESSING' | 'FAILED' | 'RETURNED' | 'NOT_FOUND';

export interface RailTransferResult {
  status: RailTransferStatus;
  /** The rail's own id (bKash's transaction id, Nagad's issuer reference, the bank's transaction id). */
  railTransferId: string | null;
  /** What the rail charged, in minor units, when it says. */
  feeMinor: number | null;
  /** A stable reason code of ours for FAILED and RETURNED (INSUFFICIENT_BALANCE, INVALID_ACCOUNT, …). */
  reasonCode: string | null;
  /** The rail's own words. */
  reason: string | null;
  /** True when the rail refused for a short disbursement balance: the payout queues, it does not fail. */
  shortBalance?: boolean;
  raw: Record<string, unknown>;
}

export interface BeneficiaryCheckResult {
  /** VERIFIED: the account exists and can receive; UNVERIFIABLE: the rail offers no check. */
  status: 'VERIFIED' | 'NAME_MISMATCH' | 'NOT_FOUND' | 'BLOCKED' | 'UNVERIFIABLE';
  /** The holder's name as the rail knows it. */
  accountHolderName: string | null;
  /** The wallet's KYC level where the rail tells it. */
  kycStatus: string | null;
  raw: Record<string, unknown>;
}

export interface RailBalance {
  availableMinor: number;
  currency: 'BDT';
  /** When the rail said so. */
  asOf: Date;
  raw: Record<string, unknown>;
}

export interface PayoutRailDescription {
  /** The name apps and the dashboard use: bkash, nagad, bank. */
  name: string;
  displayName: string;
  beneficiaryTypes: readonly BeneficiaryType[];
  minAmountMinor: number;
  maxAmountMinor: number;
  /** The rail's own ceiling per beneficiary per day, when it publishes one. */
  dailyLimitPerBeneficiaryMinor: number | null;
  /** Whether `checkBeneficiary` asks the rail (else it answers UNVERIFIABLE). */
  beneficiaryCheck: boolean;
  /** INSTANT: `send` answers with the outcome; FILE: the outcome comes later in the rail's files. */
  delivery: 'INSTANT' | 'FILE';
}

/** The rail refused or failed a request; `code` is stable, `message` is the rail's words. */
export class RailError extends Error {
  constructor(
    readonly code: 'RAIL_REJECTED' | 'RAIL_UNAVAILABLE' | 'RAIL_PROTOCOL_ERROR',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RailError';
  }
}

export interface PayoutRail {
  describe(): PayoutRailDescription;
  checkBeneficiary(beneficiary: Beneficiary): Promise<BeneficiaryCheckResult>;
  /**
   * Sends once. Throws RailError RAIL_UNAVAILABLE when the answer was lost or timed out: the
   * caller then asks `find`, never `send` again, unless `find` answers NOT_FOUND.
   */
  send(transfer: PayoutTransfer): Promise<RailTransferResult>;
  /** The transfer as the rail knows it now, by our reference. */
  find(reference: string): Promise<RailTransferResult>;
  balance(): Promise<RailBalance>;
}

export interface PayoutRailFactoryInput<C> {
  credentials: C;
  mode: Mode;
  env: Readonly<Record<string, string | undefined>>;
}
