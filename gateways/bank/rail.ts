import { RailError } from '../payouts/rail.js';
import type {
  Beneficiary,
  BeneficiaryCheckResult,
  PayoutRail,
  PayoutRailDescription,
  PayoutRailFactoryInput,
  PayoutTransfer,
  RailBalance,
  RailTransferResult,
} from '../payouts/rail.js';
import type { GatewayTransport } from '../../platform/http/gateway-transport.js';
import { matchAcknowledgement, readAcknowledgementFile, sameAnswer } from './acknowledgement-file.js';
import type { AcknowledgementLine } from './acknowledgement-file.js';
import { createBankClient } from './client.js';
import type { BankClient } from './client.js';
import { BankFileError } from './file-text.js';
import { narrativeFor, poishaOf } from './fields.js';
import {
  attemptOf,
  batchFileName,
  batchFilePrefix,
  fileReferenceFor,
  transferFileName,
  transferFilePrefix,
} from './file-names.js';
import { compareNames } from './names.js';
import { lineOutcome, referenceOutcome } from './outcomes.js';
import { lineProblem, readPaymentFile, writePaymentFile } from './payment-file.js';
import type { PaymentFile, PaymentLine } from './payment-file.js';
import { BEFTN_MAX_MINOR, MAX_FILE_TRANSFERS, MIN_TRANSFER_MINOR } from './protocol.js';
import { matchReturns, readReturnFile } from './return-file.js';
import type { ReturnFile, ReturnLine } from './return-file.js';
import { bankRailSettings } from './settings.js';
import type { BankCredentials } from './settings.js';

/**
 * Bank transfers through the company's bank's host-to-host channel: each payout goes as a payment
 * file of its own (BEFTN or NPSB), named from its reference so the bank refuses the same file
 * twice; what became of it is read back from the bank's acknowledgement and return files and its
 * status answer. Batches go as one BEFTN file (sendFile, findFile).
 */

export const BANK_RAIL_DESCRIPTION: PayoutRailDescription = {
  name: 'bank',
  displayName: 'Bank transfer (BEFTN, NPSB)',
  beneficiaryTypes: ['BANK_ACCOUNT'],
  minAmountMinor: MIN_TRANSFER_MINOR,
  maxAmountMinor: BEFTN_MAX_MINOR,
  dailyLimitPerBeneficiaryMinor: null,
  beneficiaryCheck: true,
  delivery: 'FILE',
};

/** A file's delivery: whether this call delivered it or the bank already held it. */
export interface BankFileReceipt {
  fileName: string;
  delivered: 'NOW' | 'ALREADY';
}

export interface BankRail extends PayoutRail {
  /**
   * Delivers many transfers as one BEFTN file under `batchReference` (1–35 letters, digits, _ or
   * -), once: a batch the bank already holds is not sent again. Their outcomes: findFile.
   */
  sendFile(batchReference: string, transfers: readonly PayoutTransfer[]): Promise<BankFileReceipt>;
  /** Each transfer of a batch file by its reference; an empty map when the bank holds no such batch. */
  findFile(batchReference: string): Promise<Map<string, RailTransferResult>>;
}

export interface BankRailOptions {
  transport?: GatewayTransport;
  now?: () => Date;
}

/** Attempts per reference: each one a file the bank rejected whole before it (a short balance, say). */
const MAX_ATTEMPTS = 50;
/** Return files read and parsed are kept: the bank never changes one it wrote. */
const RETURN_FILES_KEPT = 500;

function protocolError(error: unknown, what: string): never {
  if (error instanceof BankFileError) {
    throw new RailError('RAIL_PROTOCOL_ERROR', `${what}: ${error.message}`, { code: error.code });
  }
  throw error;
}

/** The line a transfer makes, or RAIL_REJECTED with our reason code when the bank could not take it. */
function lineFor(transfer: PayoutTransfer, defaultMethod: 'BEFTN' | 'NPSB'): PaymentLine {
  const beneficiary = transfer.beneficiary;
  if (beneficiary.type !== 'BANK_ACCOUNT') {
    throw new RailError('RAIL_REJECTED', 'the bank rail pays bank accounts only', {
      reasonCode: 'BENEFICIARY_NOT_SUPPORTED',
    });
  }
  if (transfer.currency !== 'BDT') {
    throw new RailError('RAIL_REJECTED', 'the bank rail pays taka only', {
      reasonCode: 'CURRENCY_NOT_SUPPORTED',
    });
  }
  const line: PaymentLine = {
    reference: transfer.reference,
    accountNumber: beneficiary.accountNumber,
    accountName: beneficiary.accountName.trim().replace(/\s+/g, ' '),
    routingNumber: beneficiary.routingNumber,
    amountMinor: transfer.amountMinor,
    narrative: narrativeFor(transfer.narrative),
    method: transfer.method ?? defaultMethod,
  };
  const problem = lineProblem(line);
  if (problem)
    throw new RailError('RAIL_REJECTED', problem.message, {
      reasonCode: problem.reasonCode,
      reference: transfer.reference,
    });
  return line;
}

export function createBankRail(
  input: PayoutRailFactoryInput<BankCredentials>,
  options: BankRailOptions = {},
): BankRail {
  const settings = bankRailSettings(input.env, input.mode);
  const now = options.now ?? (() => new Date());
  const client: BankClient = createBankClient({
    baseUrl: settings.baseUrl,
    credentials: input.credentials,
    timeoutMs: settings.timeoutMs,
    transport: options.transport,
  });
  const returnFiles = new Map<string, ReturnFile>();

  async function returnFile(name: string): Promise<ReturnFile> {
    const known = returnFiles.get(name);
    if (known) return known;
    let file: ReturnFile;
    try {
      file = readReturnFile(await client.outboxFile(name));
    } catch (error) {
      protocolError(error, `return file ${name}`);
    }
    if (returnFiles.size >= RETURN_FILES_KEPT) returnFiles.delete(returnFiles.keys().next().value!);
    returnFiles.set(name, file);
    return file;
  }

  /** Our files under `prefix`, in attempt order. */
  async function deliveredUnder(prefix: string): Promise<Array<{ name: string; attempt: number }>> {
    const listed = await client.listDelivered(prefix);
    return listed
      .map(({ name }) => ({ name, attempt: attemptOf(name, prefix) }))
      .filter((file): file is { name: string; attempt: number } => file.attempt !== null)
      .sort((a, b) => a.attempt - b.attempt);
  }

  /** The acknowledgements of a file we sent, every one the bank wrote (a duplicate must agree). */
  async function acknowledgements(
    name: string,
    sent: PaymentFile,
  ): Promise<Map<string, AcknowledgementLine>> {
    const merged = new Map<string, AcknowledgementLine>();
    for (const listed of await client.listOutbox({ kind: 'ACK', forFile: name })) {
      let lines: Map<string, AcknowledgementLine>;
      try {
        lines = matchAcknowledgement(
          readAcknowledgementFile(await client.outboxFile(listed.name)),
          sent,
          name,
        );
      } catch (error) {
        protocolError(error, `acknowledgement ${listed.name}`);
      }
      for (const [reference, line] of lines) {
        const earlier = merged.get(reference);
        if (earlier && !sameAnswer(earlier, line)) {
          throw new RailError(
            'RAIL_PROTOCOL_ERROR',
            `two acknowledgements of ${name} answer ${reference} two ways`,
          );
        }
        merged.set(reference, line);
      }
    }
    return merged;
  }

  async function returnsOf(
    name: string,
    sent: PaymentFile,
    acceptedIds: Map<string, string>,
  ): Promise<Map<string, ReturnLine>> {
    const returned = new Map<string, ReturnLine>();
    for (const listed of await client.listOutbox({ kind: 'RETURN' })) {
      const file = await returnFile(listed.name);
      let lines: Map<string, ReturnLine>;
      try {
        lines = matchReturns(file, sent, name, acceptedIds);
      } catch (error) {
        protocolError(error, `return file ${listed.name}`);
      }
      for (const [reference, line] of lines) if (!returned.has(reference)) returned.set(reference, line);
    }
    return returned;
  }

  /** Every line of a file we delivered, judged from all the bank said of it. */
  async function fileOutcomes(name: string): Promise<Map<string, RailTransferResult>> {
    const text = await client.delivered(name);
    if (text === null)
      throw new RailError('RAIL_PROTOCOL_ERROR', `the bank lists ${name} but does not hold it`);
    let sent: PaymentFile;
    try {
      sent = readPaymentFile(text);
    } catch (error) {
      protocolError(error, `our file ${name} as the bank holds it`);
    }
    const acks = await acknowledgements(name, sent);
    const acceptedIds = new Map<string, string>();
    for (const [reference, line] of acks) {
      if (line.status === 'ACCEPTED' && line.bankTransactionId)
        acceptedIds.set(reference, line.bankTransactionId);
    }
    const returned = acceptedIds.size
      ? await returnsOf(name, sent, acceptedIds)
      : new Map<string, ReturnLine>();
    const unsettled = [...acceptedIds.keys()].some((reference) => !returned.has(reference));
    const statuses = unsettled ? await client.fileStatus(name) : [];
    const statusOf = new Map(statuses.map((line) => [line.reference, line]));
    return new Map(
      sent.lines.map((line) => [
        line.reference,
        lineOutcome({
          fileName: name,
          ack: acks.get(line.reference),
          returned: returned.get(line.reference),
          status: statusOf.get(line.reference),
        }),
      ]),
    );
  }

  async function outcomeIn(
    files: ReadonlyArray<{ name: string }>,
    reference: string,
  ): Promise<RailTransferResult | null> {
    const outcomes: RailTransferResult[] = [];
    for (const file of files) {
      const outcome = (await fileOutcomes(file.name)).get(reference);
      if (!outcome)
        throw new RailError('RAIL_PROTOCOL_ERROR', `our file ${file.name} does not carry ${reference}`);
      outcomes.push(outcome);
    }
    return referenceOutcome(outcomes);
  }

  const notFound = (reference: string): RailTransferResult => ({
    status: 'NOT_FOUND',
    railTransferId: null,
    feeMinor: null,
    reasonCode: null,
    reason: null,
    raw: { reference },
  });

  async function find(reference: string): Promise<RailTransferResult> {
    const files = await deliveredUnder(transferFilePrefix(reference));
    return (await outcomeIn(files, reference)) ?? notFound(reference);
  }

  function paymentFile(name: string, lines: PaymentLine[]): string {
    return writePaymentFile({
      companyId: input.credentials.companyId,
      debitAccountNumber: input.credentials.accountNumber,
      fileReference: fileReferenceFor(name),
      createdAt: now(),
      lines,
    });
  }

  async function deliver(name: string, text: string): Promise<'NOW' | 'ALREADY'> {
    const upload = await client.upload(name, text);
    if (upload.outcome === 'REFUSED') {
      throw new RailError('RAIL_REJECTED', `the bank refused ${name}: ${upload.message}`, {
        reasonCode: 'FILE_REJECTED',
      });
    }
    return upload.outcome === 'TAKEN' ? 'NOW' : 'ALREADY';
  }

  return {
    describe: () => BANK_RAIL_DESCRIPTION,

    async checkBeneficiary(beneficiary: Beneficiary): Promise<BeneficiaryCheckResult> {
      if (beneficiary.type !== 'BANK_ACCOUNT') {
        throw new RailError('RAIL_REJECTED', 'the bank rail pays bank accounts only', {
          reasonCode: 'BENEFICIARY_NOT_SUPPORTED',
        });
      }
      const answer = await client.nameEnquiry(beneficiary.routingNumber, beneficiary.accountNumber);
      const raw = { ...answer };
      switch (answer.status) {
        case 'FOUND':
          return {
            status: compareNames(beneficiary.accountName, answer.accountName ?? '')
              ? 'VERIFIED'
              : 'NAME_MISMATCH',
            accountHolderName: answer.accountName,
            kycStatus: null,
            raw,
          };
        case 'NOT_FOUND':
        case 'CLOSED':
          return { status: 'NOT_FOUND', accountHolderName: null, kycStatus: null, raw };
        case 'FROZEN':
          return { status: 'BLOCKED', accountHolderName: answer.accountName, kycStatus: null, raw };
        case 'NOT_SUPPORTED':
          return { status: 'UNVERIFIABLE', accountHolderName: null, kycStatus: null, raw };
        default:
          throw new RailError(
            'RAIL_PROTOCOL_ERROR',
            'the bank answered the name enquiry with an unknown status',
            raw,
          );
      }
    },

    async send(transfer: PayoutTransfer): Promise<RailTransferResult> {
      const line = lineFor(transfer, settings.defaultMethod);
      const prefix = transferFilePrefix(transfer.reference);
      const earlier = await deliveredUnder(prefix);
      if (earlier.length) {
        const standing = await outcomeIn(earlier, transfer.reference);
        // Taken, paid or returned: the bank has it, and sending again could pay twice.
        if (standing && standing.status !== 'FAILED') return standing;
      }
      const attempt = (earlier.at(-1)?.attempt ?? 0) + 1;
      if (attempt > MAX_ATTEMPTS) {
        throw new RailError('RAIL_REJECTED', `${transfer.reference} was refused ${MAX_ATTEMPTS} times`, {
          reasonCode: 'TOO_MANY_ATTEMPTS',
        });
      }
      const name = transferFileName(transfer.reference, attempt);
      await deliver(name, paymentFile(name, [line]));
      try {
        return await find(transfer.reference);
      } catch (error) {
        if (!(error instanceof RailError) || error.code !== 'RAIL_UNAVAILABLE') throw error;
        // Delivered; what became of it is the next find's to say.
        return {
          status: 'PROCESSING',
          railTransferId: null,
          feeMinor: null,
          reasonCode: null,
          reason: null,
          raw: { fileName: name },
        };
      }
    },

    find,

    async balance(): Promise<RailBalance> {
      const answer = await client.balance();
      const availableMinor =
        typeof answer.availableBalance === 'string'
          ? poishaOf(answer.availableBalance.replace(/^-/, ''))
          : undefined;
      const asOf = new Date(answer.asOf);
      if (availableMinor === undefined || answer.currency !== 'BDT' || Number.isNaN(asOf.getTime())) {
        throw new RailError(
          'RAIL_PROTOCOL_ERROR',
          'the bank answered the balance enquiry in a shape we do not know',
        );
      }
      const negative = answer.availableBalance.startsWith('-');
      return {
        availableMinor: negative ? -availableMinor : availableMinor,
        currency: 'BDT',
        asOf,
        raw: { ...answer },
      };
    },

    async sendFile(batchReference, transfers) {
      if (transfers.length === 0 || transfers.length > MAX_FILE_TRANSFERS) {
        throw new RailError('RAIL_REJECTED', `a batch file carries 1 to ${MAX_FILE_TRANSFERS} transfers`, {
          reasonCode: 'BATCH_SIZE',
        });
      }
      const prefix = batchFilePrefix(batchReference);
      const earlier = await deliveredUnder(prefix);
      if (earlier.length) return { fileName: earlier[0]!.name, delivered: 'ALREADY' };
      const lines = transfers.map((transfer) => lineFor({ ...transfer, method: 'BEFTN' }, 'BEFTN'));
      const name = batchFileName(batchReference, 1);
      let text: string;
      try {
        text = paymentFile(name, lines);
      } catch (error) {
        if (error instanceof BankFileError)
          throw new RailError('RAIL_REJECTED', error.message, { reasonCode: 'BATCH_INVALID' });
        throw error;
      }
      return { fileName: name, delivered: await deliver(name, text) };
    },

    async findFile(batchReference) {
      const files = await deliveredUnder(batchFilePrefix(batchReference));
      return files.length ? fileOutcomes(files[0]!.name) : new Map();
    },
  };
}
