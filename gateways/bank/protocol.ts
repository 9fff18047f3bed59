/**
 * The company's bank's host-to-host corporate channel, as our files and calls meet it: where files
 * go, what the bank answers, and the limits it publishes. The files themselves are in
 * payment-file.ts (ours to the bank), acknowledgement-file.ts and return-file.ts (the bank's to us).
 */

/** How a bank transfer travels: BEFTN in the next clearing session, NPSB at once. */
export const BANK_METHODS = ['BEFTN', 'NPSB'] as const;

/** The bank's paths; the upload's name is the file's name, so the bank refuses a name it already has. */
export const BANK_PATHS = {
  /** POST a payment file (text/plain) under its name; GET it back as the bank received it. */
  file: (name: string) => `/h2h/files/${encodeURIComponent(name)}`,
  /** GET the files we delivered whose names start with `?prefix=`. */
  files: '/h2h/files',
  /** GET each line's state as the bank's books hold it (the bank's status answer). */
  fileStatus: (name: string) => `/h2h/files/${encodeURIComponent(name)}/status`,
  /** GET the files the bank wrote to us (`?kind=ACK|RETURN`, `?forFile=` for one file's acknowledgements). */
  outbox: '/h2h/outbox',
  outboxFile: (name: string) => `/h2h/outbox/${encodeURIComponent(name)}`,
  /** GET the company account's available balance. */
  balance: '/h2h/balance',
  /** POST an NPSB name enquiry: the holder's name of an account at any NPSB member bank. */
  nameEnquiry: '/h2h/npsb/name-enquiry',
} as const;

/** The largest BEFTN credit the bank takes in one line, in poisha (Tk 1 crore). */
export const BEFTN_MAX_MINOR = 1_000_000_000;
/** The largest NPSB transfer, in poisha (Tk 5 lakh a transaction). */
export const NPSB_MAX_MINOR = 50_000_000;
/** The smallest transfer the bank takes (Tk 1). */
export const MIN_TRANSFER_MINOR = 100;

/** A BEFTN batch file's largest number of lines (as our batches: 5,000). */
export const MAX_FILE_TRANSFERS = 5_000;
/**
 * What a reader takes before it parses: bigger inputs are refused whole, never split, so a
 * runaway file cannot fill memory. 5,000 lines of at most ~250 characters, with room to spare.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_FILE_LINES = MAX_FILE_TRANSFERS + 2;

/** The bank's answer to a name enquiry. */
export interface NameEnquiryAnswer {
  /** NOT_SUPPORTED: the receiving bank is no NPSB member, so nobody can say. */
  status: 'FOUND' | 'NOT_FOUND' | 'CLOSED' | 'FROZEN' | 'NOT_SUPPORTED';
  accountName: string | null;
}

/** The bank's answer to a balance enquiry; amounts in taka with two decimals, as the bank writes them. */
export interface BalanceAnswer {
  accountNumber: string;
  availableBalance: string;
  currency: 'BDT';
  asOf: string;
}

/** One line of the bank's status answer for a file. */
export interface LineStatusAnswer {
  reference: string;
  /** RECEIVED: not yet processed; SETTLED: credited to the beneficiary's bank. */
  status: 'RECEIVED' | 'ACCEPTED' | 'REJECTED' | 'SETTLED' | 'RETURNED';
  bankTransactionId: string | null;
  settledAt: string | null;
}

/** What the bank lists of a file, ours or its own. */
export interface ListedFile {
  name: string;
  /** ISO time the bank received or wrote it. */
  at: string;
  kind?: 'ACK' | 'RETURN';
  /** For an acknowledgement: the name of the file it answers. */
  forFile?: string | null;
}
