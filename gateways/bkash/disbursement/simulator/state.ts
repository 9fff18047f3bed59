/** In-memory records of what the simulated disbursement account has done and holds. */

export interface SimTransfer {
  trxID: string;
  merchantInvoiceNumber: string;
  receiverMSISDN: string;
  /** As the merchant sent it; bKash echoes amounts as given. */
  amount: string;
  amountMinor: number;
  feeMinor: number;
  status: 'Completed';
  completedAtMs: number;
  /** Every b2cPayment call that named this merchantInvoiceNumber, the one that paid included. */
  requests: number;
}

export type WalletState = 'ACTIVE' | 'BLOCKED' | 'NOT_FOUND';

export interface SimWallet {
  state: WalletState;
  name: string;
  kycStatus: string;
}

/** Every refused b2cPayment, in order: tests see what was turned away and why. */
export interface SimRefusal {
  merchantInvoiceNumber: string;
  statusCode: string;
  atMs: number;
}

/** The sandbox disbursement account starts with one million taka. */
export const OPENING_BALANCE_MINOR = 100_000_000;

export class DisbursementState {
  /** Paid transfers by merchantInvoiceNumber: the simulator's own ledger, one entry per payment made. */
  readonly transfers = new Map<string, SimTransfer>();
  readonly wallets = new Map<string, SimWallet>();
  readonly refusals: SimRefusal[] = [];
  /** Every top-up, in order. */
  readonly topUps: Array<{ amountMinor: number; atMs: number }> = [];
  balanceMinor = OPENING_BALANCE_MINOR;

  byTrxId(trxID: string): SimTransfer | undefined {
    for (const transfer of this.transfers.values()) if (transfer.trxID === trxID) return transfer;
    return undefined;
  }

  /** A wallet the tester has said nothing about is an active, fully verified one. */
  wallet(msisdn: string): SimWallet {
    return (
      this.wallets.get(msisdn) ?? {
        state: 'ACTIVE',
        name: `Wallet holder ${msisdn.slice(-4)}`,
        kycStatus: 'FULL',
      }
    );
  }

  /** What `msisdn` received today (the simulator's clock, Dhaka's day). */
  paidTodayTo(msisdn: string, nowMs: number): number {
    const day = dhakaDay(nowMs);
    let total = 0;
    for (const transfer of this.transfers.values()) {
      if (transfer.receiverMSISDN === msisdn && dhakaDay(transfer.completedAtMs) === day) {
        total += transfer.amountMinor;
      }
    }
    return total;
  }

  clear(): void {
    this.transfers.clear();
    this.wallets.clear();
    this.refusals.length = 0;
    this.topUps.length = 0;
    this.balanceMinor = OPENING_BALANCE_MINOR;
  }
}

const DHAKA_OFFSET_MS = 6 * 3_600_000;
const dhakaDay = (ms: number) => new Date(ms + DHAKA_OFFSET_MS).toISOString().slice(0, 10);
