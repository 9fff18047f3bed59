import type { z } from 'zod';
import { fromDecimalString, toDecimalString } from '../../../domain/shared/money.js';
import { tracedTransport } from '../../../platform/telemetry/tracing.js';
import type { GatewayTransport } from '../../../platform/http/gateway-transport.js';
import { GatewayError } from '../../types.js';
import { RailError } from '../../payouts/rail.js';
import type {
  Beneficiary,
  BeneficiaryCheckResult,
  PayoutRail,
  PayoutRailDescription,
  PayoutTransfer,
  RailBalance,
  RailTransferResult,
} from '../../payouts/rail.js';
import { merchantSeal } from '../merchant-seal.js';
import { requestJson } from '../http.js';
import type { HttpOptions, WireResponse } from '../http.js';
import { CURRENCY_CODE, dhakaDateTime, parseDhakaDateTime } from '../protocol.js';
import {
  declinedTransfer,
  isDecline,
  orderIdFor,
  toBeneficiaryCheck,
  toTransferResult,
  transferFacts,
  walletNotFound,
} from './mapping.js';
import {
  DECLINE_REASONS,
  DISBURSEMENT_PATHS,
  DUPLICATE_ORDER_ID,
  WALLET_NUMBER,
  accountCheckAnswerSchema,
  balanceAnswerSchema,
  transferAnswerSchema,
} from './protocol.js';

export interface NagadDisbursementOptions {
  /** Nagad's disbursement API, or the simulator's (base path included). */
  baseUrl: string;
  /** The merchant (disbursement) account's id at Nagad. */
  merchantId: string;
  merchantPrivateKeyPem: string;
  /** Nagad's public key for the disbursement API, from the merchant portal. */
  nagadPublicKeyPem: string;
  /** Our server's public IPv4 address, which Nagad must have whitelisted. */
  clientIp?: string;
  timeoutMs?: number;
  transport?: GatewayTransport;
  now?: () => Date;
  /**
   * Per-transfer and per-wallet-per-day limits the payout core checks before sending. Placeholders,
   * not Nagad's word (it publishes none for disbursements): 1.00 BDT to 25,000.00 BDT a transfer,
   * 50,000.00 BDT a wallet a day, as for a fully verified wallet in the simulator. A merchant's
   * agreement sets the real ones.
   */
  minAmountMinor?: number;
  maxAmountMinor?: number;
  dailyLimitPerBeneficiaryMinor?: number;
}

export const DEFAULT_LIMITS = {
  minAmountMinor: 100,
  maxAmountMinor: 2_500_000,
  dailyLimitPerBeneficiaryMinor: 5_000_000,
} as const;

const DEFAULT_TIMEOUT_MS = 30_000;
/** Loopback is refused by Nagad; a real deployment configures its whitelisted address. */
const DEFAULT_CLIENT_IP = '127.0.0.1';

const RAIL_CODES = {
  GATEWAY_REJECTED: 'RAIL_REJECTED',
  GATEWAY_UNAVAILABLE: 'RAIL_UNAVAILABLE',
  GATEWAY_PROTOCOL_ERROR: 'RAIL_PROTOCOL_ERROR',
} as const;

function railErrorOf(error: GatewayError): RailError {
  return new RailError(RAIL_CODES[error.code], error.message, error.details);
}

function protocolError(message: string, details: Record<string, unknown> = {}): RailError {
  return new RailError('RAIL_PROTOCOL_ERROR', message, details);
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw protocolError(`Nagad ${what} answer is not what the API documents`);
  return result.data;
}

function nagadWallet(beneficiary: Beneficiary): string {
  if (beneficiary.type !== 'NAGAD_WALLET') {
    throw new RailError('RAIL_REJECTED', `Nagad pays Nagad wallets only, not ${beneficiary.type}`);
  }
  if (!WALLET_NUMBER.test(beneficiary.walletNumber)) {
    throw new RailError('RAIL_REJECTED', 'a Nagad wallet is an 11-digit mobile number starting 01');
  }
  return beneficiary.walletNumber;
}

/** Our reference as Nagad's orderId; a reference Nagad cannot carry is refused as any bad request is. */
function orderIdOf(reference: string): string {
  try {
    return orderIdFor(reference);
  } catch (error) {
    throw new RailError('RAIL_REJECTED', (error as Error).message, { reference });
  }
}

export const NAGAD_RAIL_NAME = 'nagad';

/** What the rail is before any merchant's limits: the payout core may list it without credentials. */
export const NAGAD_RAIL_DESCRIPTION: PayoutRailDescription = {
  name: NAGAD_RAIL_NAME,
  displayName: 'Nagad',
  beneficiaryTypes: ['NAGAD_WALLET'],
  ...DEFAULT_LIMITS,
  beneficiaryCheck: true,
  delivery: 'INSTANT',
};

/**
 * The Nagad disbursement rail: every request's sensitive part sealed to Nagad's public key and
 * signed with the merchant's private key, every answer's unsealed and its signature proven before
 * a word of it is believed (an answer decides whether money moved).
 */
export function createNagadDisbursementClient(options: NagadDisbursementOptions): PayoutRail {
  const http: HttpOptions = {
    baseUrl: options.baseUrl,
    clientIp: options.clientIp ?? DEFAULT_CLIENT_IP,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    transport: options.transport ?? tracedTransport('nagad-disbursement'),
  };
  const now = options.now ?? (() => new Date());
  const sealing = merchantSeal(options, protocolError);
  const { merchantId } = options;
  const description: PayoutRailDescription = {
    ...NAGAD_RAIL_DESCRIPTION,
    minAmountMinor: options.minAmountMinor ?? DEFAULT_LIMITS.minAmountMinor,
    maxAmountMinor: options.maxAmountMinor ?? DEFAULT_LIMITS.maxAmountMinor,
    dailyLimitPerBeneficiaryMinor:
      options.dailyLimitPerBeneficiaryMinor ?? DEFAULT_LIMITS.dailyLimitPerBeneficiaryMinor,
  };

  /** One sealed call: the plaintext under Nagad's key, its date-time stamp beside it. */
  async function call(
    operation: string,
    path: string,
    plaintext: Record<string, string>,
    dateTime: string,
    clear: Record<string, unknown> = {},
  ): Promise<{ raw: WireResponse; answer: unknown }> {
    const sealed = sealing.seal(plaintext);
    let raw: WireResponse;
    try {
      raw = await requestJson(http, {
        operation,
        method: 'POST',
        path,
        body: { ...clear, dateTime, ...sealed },
      });
    } catch (error) {
      if (error instanceof GatewayError) throw railErrorOf(error);
      throw error;
    }
    return { raw, answer: sealing.unsealAnswer(raw, operation) };
  }

  /** A call whose refusals with some of Nagad's reasons are answers (a declined transfer) rather than errors. */
  async function refusedAs<T>(
    work: () => Promise<T>,
    answerFor: (reason: string, message: string) => T | null,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const reason =
        error instanceof RailError && error.code === 'RAIL_REJECTED' ? error.details.reason : null;
      const answer = typeof reason === 'string' ? answerFor(reason, (error as RailError).message) : null;
      if (answer !== null) return answer;
      throw error;
    }
  }

  async function find(reference: string): Promise<RailTransferResult> {
    const orderId = orderIdOf(reference);
    const dateTime = dhakaDateTime(now());
    const { raw, answer } = await call(
      'status',
      DISBURSEMENT_PATHS.status(merchantId, orderId),
      { merchantId, orderId, datetime: dateTime },
      dateTime,
    );
    const transfer = parse(transferAnswerSchema, answer, 'status');
    if (transfer.orderId !== orderId) {
      throw protocolError('Nagad status answered for another order', { orderId: transfer.orderId });
    }
    return toTransferResult(transfer, { ...raw, sensitiveData: transfer });
  }

  /** The transfer already held under our reference, when Nagad calls a send a duplicate. */
  async function existing(transfer: PayoutTransfer, walletNumber: string): Promise<RailTransferResult> {
    const found = await find(transfer.reference);
    if (found.status === 'NOT_FOUND') {
      throw new RailError(
        'RAIL_UNAVAILABLE',
        'Nagad calls the order a duplicate but holds no transfer under it',
        {
          operation: 'disburse',
        },
      );
    }
    const facts = transferFacts(parse(transferAnswerSchema, found.raw.sensitiveData, 'status'));
    if (
      (facts.amountMinor !== null && facts.amountMinor !== transfer.amountMinor) ||
      (facts.accountNo !== null && facts.accountNo !== walletNumber)
    ) {
      throw protocolError('Nagad holds another transfer under this payout reference', {
        operation: 'disburse',
        reference: transfer.reference,
      });
    }
    return found;
  }

  return {
    describe: () => description,

    async checkBeneficiary(beneficiary): Promise<BeneficiaryCheckResult> {
      const walletNumber = nagadWallet(beneficiary);
      const expectedName = beneficiary.type === 'NAGAD_WALLET' ? beneficiary.name : null;
      const dateTime = dhakaDateTime(now());
      return refusedAs(
        async () => {
          const { raw, answer } = await call(
            'account-check',
            DISBURSEMENT_PATHS.accountCheck(merchantId),
            { merchantId, datetime: dateTime, accountNo: walletNumber },
            dateTime,
          );
          const account = parse(accountCheckAnswerSchema, answer, 'account check');
          if (account.accountNo !== walletNumber) {
            throw protocolError('Nagad account check answered for another wallet');
          }
          return toBeneficiaryCheck(account, expectedName, { ...raw, sensitiveData: account });
        },
        (reason, message) =>
          reason === DECLINE_REASONS.ACCOUNT_NOT_FOUND ? walletNotFound({ reason, message }) : null,
      );
    },

    async send(transfer): Promise<RailTransferResult> {
      const walletNumber = nagadWallet(transfer.beneficiary);
      if (transfer.currency !== 'BDT') throw new RailError('RAIL_REJECTED', 'Nagad pays BDT only');
      if (!Number.isSafeInteger(transfer.amountMinor) || transfer.amountMinor <= 0) {
        throw new RailError('RAIL_REJECTED', 'the amount must be a positive whole number of poisha');
      }
      const orderId = orderIdOf(transfer.reference);
      const dateTime = dhakaDateTime(now());
      const sent = await refusedAs<RailTransferResult | 'DUPLICATE'>(
        async () => {
          const { raw, answer } = await call(
            'disburse',
            DISBURSEMENT_PATHS.disburse(merchantId, orderId),
            {
              merchantId,
              orderId,
              datetime: dateTime,
              accountNo: walletNumber,
              amount: toDecimalString(transfer.amountMinor, 'BDT'),
              currencyCode: CURRENCY_CODE,
            },
            dateTime,
            { description: transfer.narrative.slice(0, 100) },
          );
          const paid = parse(transferAnswerSchema, answer, 'disburse');
          const facts = transferFacts(paid);
          if (
            paid.orderId !== orderId ||
            (facts.amountMinor !== null && facts.amountMinor !== transfer.amountMinor) ||
            (facts.accountNo !== null && facts.accountNo !== walletNumber)
          ) {
            throw protocolError('Nagad disburse answered for another transfer', { orderId: paid.orderId });
          }
          return toTransferResult(paid, { ...raw, sensitiveData: paid });
        },
        (reason, message) => {
          if (reason === DUPLICATE_ORDER_ID) return 'DUPLICATE';
          return isDecline(reason) ? declinedTransfer(reason, message) : null;
        },
      );
      // A duplicate is a send after one that went through: what Nagad holds is the answer.
      return sent === 'DUPLICATE' ? existing(transfer, walletNumber) : sent;
    },

    find,

    async balance(): Promise<RailBalance> {
      const dateTime = dhakaDateTime(now());
      const { raw, answer } = await call(
        'balance',
        DISBURSEMENT_PATHS.balance(merchantId),
        { merchantId, datetime: dateTime },
        dateTime,
      );
      const balance = parse(balanceAnswerSchema, answer, 'balance');
      if (balance.merchantId !== merchantId || balance.currencyCode !== CURRENCY_CODE) {
        throw protocolError('Nagad balance answered for another account or currency');
      }
      const asOf = parseDhakaDateTime(balance.balanceDateTime);
      let availableMinor: number;
      try {
        availableMinor = fromDecimalString(balance.availableBalance, 'BDT');
      } catch {
        throw protocolError('Nagad balance answered an amount we cannot read');
      }
      if (asOf === null) throw protocolError('Nagad balance answered a date-time we cannot read');
      return { availableMinor, currency: 'BDT', asOf, raw: { ...raw, sensitiveData: balance } };
    },
  };
}
