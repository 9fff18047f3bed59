import { dhakaDate } from '../../../simulator-kit/settlement.js';
import type { AccountStatus, KycStatus } from '../protocol.js';

/** What the simulated Nagad disbursement system holds: the merchant's balance, its transfers, its wallets. */

/** A transfer Nagad made: money left the merchant's disbursement balance for a wallet. */
export interface SimTransfer {
  merchantId: string;
  orderId: string;
  accountNo: string;
  amountMinor: number;
  /** The service charge taken with it (absent in state saved before charges were kept: none). */
  feeMinor?: number;
  issuerTxnId: string;
  paidAtMs: number;
  description: string | null;
  /** How many disbursement answers acknowledged it (more than one only under duplicateAck). */
  acknowledgements: number;
}

/** A movement of the disbursement balance, in the order they happened: what proves nothing was paid twice. */
export interface SimMovement {
  kind: 'TRANSFER' | 'TOP_UP';
  /** The transfer's orderId; null for a top-up. */
  orderId: string | null;
  /** Negative for a transfer, positive for a top-up. */
  amountMinor: number;
  atMs: number;
}

/** A wallet as a tester set it; numbers never set follow the default rule (wallets.ts). */
export interface SimWallet {
  exists: boolean;
  name: string;
  kycStatus: KycStatus;
  status: AccountStatus;
}

/** One million taka: what a fresh sandbox disbursement account holds. */
export const INITIAL_BALANCE_MINOR = 100_000_000;

export class DisbursementState {
  /** By orderId: a merchant's orderIds are its own, and this simulator serves one merchant at a time. */
  readonly transfers = new Map<string, SimTransfer>();
  readonly movements: SimMovement[] = [];
  readonly wallets = new Map<string, SimWallet>();
  availableMinor = INITIAL_BALANCE_MINOR;

  pay(transfer: SimTransfer): void {
    this.transfers.set(transfer.orderId, transfer);
    // The service charge leaves the balance with the amount.
    const charged = transfer.amountMinor + (transfer.feeMinor ?? 0);
    this.availableMinor -= charged;
    this.movements.push({
      kind: 'TRANSFER',
      orderId: transfer.orderId,
      amountMinor: -charged,
      atMs: transfer.paidAtMs,
    });
  }

  topUp(amountMinor: number, atMs: number): void {
    this.availableMinor += amountMinor;
    this.movements.push({ kind: 'TOP_UP', orderId: null, amountMinor, atMs });
  }

  /** What a wallet received today (Bangladesh date), for its daily limit. */
  receivedToday(accountNo: string, nowMs: number): number {
    const today = dhakaDate(nowMs);
    let total = 0;
    for (const transfer of this.transfers.values()) {
      if (transfer.accountNo === accountNo && dhakaDate(transfer.paidAtMs) === today)
        total += transfer.amountMinor;
    }
    return total;
  }

  clear(): void {
    this.transfers.clear();
    this.movements.length = 0;
    this.wallets.clear();
    this.availableMinor = INITIAL_BALANCE_MINOR;
  }
}
