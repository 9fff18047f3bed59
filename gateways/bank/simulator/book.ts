import type { BankTransferMethod } from '../../payouts/rail.js';

/** What the simulated bank keeps: the files it received and wrote, the accounts it knows, its books. */

export type LineState = 'RECEIVED' | 'ACCEPTED' | 'REJECTED' | 'SETTLED' | 'RETURNED';

export interface SimLine {
  reference: string;
  accountNumber: string;
  accountName: string;
  routingNumber: string;
  amountMinor: number;
  narrative: string;
  method: BankTransferMethod;
  state: LineState;
  bankTransactionId: string | null;
  rejectCode: string | null;
  rejectReason: string | null;
  returnCode: string | null;
  returnReason: string | null;
  /** When the credit reached the receiving bank (NPSB at once, BEFTN at its clearing session). */
  settledAtMs: number | null;
  /** When the amount left the company account (and came back, for a return). */
  debitedAtMs: number | null;
  /** The bank's charges taken with the amount (absent in state saved before charges were kept: none). */
  chargeMinor?: number;
  /** When a return brought the amount back. */
  returnedAtMs?: number;
}

export interface SimFile {
  name: string;
  receivedAtMs: number;
  /** As received, byte for byte: the channel hands it back so the sender can check answers against it. */
  text: string;
  fileReference: string;
  lines: SimLine[];
  /** The acknowledgement is held back (the holdAcks fault) until released or the next session. */
  ackHeld: boolean;
  /** How many acknowledgement files the bank wrote for it (two under the duplicateAck fault). */
  acks: number;
}

export interface SimOutboxFile {
  name: string;
  kind: 'ACK' | 'RETURN';
  forFile: string | null;
  createdAtMs: number;
  text: string;
}

export type AccountStatus = 'OPEN' | 'CLOSED' | 'FROZEN';

/** An account at some bank, as the interbank directory (NPSB's name enquiry) and BEFTN's receiving banks know it. */
export interface SimAccount {
  routingNumber: string;
  accountNumber: string;
  name: string;
  status: AccountStatus;
}

/** Tk 10 lakh to start with, so a tester can pay at once. */
export const OPENING_BALANCE_MINOR = 100_000_000;

/** Banks that take BEFTN but are no NPSB members: name enquiry cannot reach them, NPSB refuses them. */
export const NON_NPSB_BANK_CODES: readonly string[] = ['990'];

/** Accounts every simulator knows from the start (its tester page lists them). */
export const DEMO_ACCOUNTS: readonly SimAccount[] = [
  { routingNumber: '010261234', accountNumber: '1001001001', name: 'Rahima Khatun', status: 'OPEN' },
  { routingNumber: '020151236', accountNumber: '2002002002', name: 'Karim Traders', status: 'OPEN' },
  { routingNumber: '030271238', accountNumber: '3003003003', name: 'Abdul Hamid', status: 'CLOSED' },
  { routingNumber: '040131230', accountNumber: '4004004004', name: 'Nasrin Akter', status: 'FROZEN' },
  { routingNumber: '990111232', accountNumber: '9009009009', name: 'Sumon Das', status: 'OPEN' },
];

export const accountKey = (routingNumber: string, accountNumber: string) =>
  `${routingNumber}:${accountNumber}`;

export class BankBook {
  readonly files = new Map<string, SimFile>();
  readonly outbox = new Map<string, SimOutboxFile>();
  readonly accounts = new Map<string, SimAccount>();
  balanceMinor = OPENING_BALANCE_MINOR;
  /** The clearing sessions held so far. */
  session = 0;
  lastTransaction = 0;
  lastReturnFile = 0;

  constructor() {
    this.seed();
  }

  private seed(): void {
    for (const account of DEMO_ACCOUNTS)
      this.accounts.set(accountKey(account.routingNumber, account.accountNumber), { ...account });
  }

  account(routingNumber: string, accountNumber: string): SimAccount | undefined {
    return this.accounts.get(accountKey(routingNumber, accountNumber));
  }

  /** Every line carrying the reference, in the order the files came. */
  linesFor(reference: string): Array<{ file: SimFile; line: SimLine }> {
    const found: Array<{ file: SimFile; line: SimLine }> = [];
    for (const file of this.files.values()) {
      for (const line of file.lines) if (line.reference === reference) found.push({ file, line });
    }
    return found;
  }

  /** A line under this reference the bank took (and so paid, or is paying): a second one would pay twice. */
  liveLine(reference: string): SimLine | undefined {
    return this.linesFor(reference).find(({ line }) => line.state !== 'REJECTED' && line.state !== 'RECEIVED')
      ?.line;
  }

  nextTransactionId(): string {
    this.lastTransaction += 1;
    return `BT${String(this.lastTransaction).padStart(10, '0')}`;
  }

  clear(): void {
    this.files.clear();
    this.outbox.clear();
    this.accounts.clear();
    this.seed();
    this.balanceMinor = OPENING_BALANCE_MINOR;
    this.session = 0;
    this.lastTransaction = 0;
    this.lastReturnFile = 0;
  }
}
