import type { z } from 'zod';
import { fromDecimalString, toDecimalString } from '../../../domain/shared/money.js';
import type { GatewayTransport } from '../../../platform/http/gateway-transport.js';
import {
  RailError,
  type Beneficiary,
  type BeneficiaryCheckResult,
  type PayoutRail,
  type PayoutRailDescription,
  type PayoutTransfer,
  type RailBalance,
  type RailTransferResult,
} from '../../payouts/rail.js';
import { GatewayError } from '../../types.js';
import { postJson, TokenRejected, type HttpOptions, type WireAnswer } from '../http.js';
import { HEADERS } from '../protocol.js';
import { TokenCache } from '../tokens.js';
import {
  balanceSchema,
  CURRENCY,
  DISBURSEMENT_CODES,
  DISBURSEMENT_PATHS,
  envelopeSchema,
  SUCCESS_CODE,
  transferSchema,
  TRANSFER_STATUS,
  walletSchema,
  WALLET_STATUS,
  type TransferAnswer,
} from './protocol.js';

/**
 * The bKash disbursement rail: pays a customer's bKash wallet from the company's disbursement
 * account, keyed by our payout reference as merchantInvoiceNumber, so bKash itself refuses to pay
 * the same payout twice.
 */

export interface DisbursementCredentials {
  username: string;
  password: string;
  appKey: string;
  appSecret: string;
}

export interface DisbursementClientOptions extends DisbursementCredentials {
  baseUrl: string;
  timeoutMs?: number;
  transport?: GatewayTransport;
  now?: () => number;
}

export const BKASH_DISBURSEMENT_DESCRIPTION: PayoutRailDescription = {
  name: 'bkash',
  displayName: 'bKash disbursement',
  beneficiaryTypes: ['BKASH_WALLET'],
  minAmountMinor: 100,
  maxAmountMinor: 2_500_000,
  dailyLimitPerBeneficiaryMinor: 10_000_000,
  beneficiaryCheck: true,
  delivery: 'INSTANT',
};

const DEFAULT_TIMEOUT_MS = 30_000;

/** Refusals that say something about the transfer; anything else is the rail's trouble, retried. */
const TRANSFER_REFUSALS: Record<string, { reasonCode: string; shortBalance?: boolean }> = {
  [DISBURSEMENT_CODES.INSUFFICIENT_BALANCE]: { reasonCode: 'INSUFFICIENT_BALANCE', shortBalance: true },
  [DISBURSEMENT_CODES.INVALID_RECEIVER]: { reasonCode: 'INVALID_ACCOUNT' },
  [DISBURSEMENT_CODES.RECEIVER_UNKNOWN]: { reasonCode: 'INVALID_ACCOUNT' },
  [DISBURSEMENT_CODES.RECEIVER_BLOCKED]: { reasonCode: 'ACCOUNT_BLOCKED' },
  [DISBURSEMENT_CODES.PER_TRANSACTION_LIMIT]: { reasonCode: 'LIMIT_EXCEEDED' },
  [DISBURSEMENT_CODES.DAILY_LIMIT]: { reasonCode: 'DAILY_LIMIT_EXCEEDED' },
  [DISBURSEMENT_CODES.INVALID_AMOUNT]: { reasonCode: 'INVALID_AMOUNT' },
};

interface Envelope {
  code: string | null;
  message: string | null;
}

function envelopeOf(answer: WireAnswer): Envelope {
  const parsed = envelopeSchema.safeParse(answer);
  if (!parsed.success) return { code: null, message: null };
  const code = parsed.data.statusCode ?? parsed.data.errorCode ?? null;
  return { code, message: parsed.data.statusMessage ?? parsed.data.errorMessage ?? null };
}

function parse<T>(answer: WireAnswer, schema: z.ZodType<T>, operation: string): T {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) {
    throw new RailError('RAIL_PROTOCOL_ERROR', `bKash answered ${operation} in an unexpected shape`, {
      issues: parsed.error.issues.map((issue) => issue.path.join('.')),
    });
  }
  return parsed.data;
}

/** The transfer as bKash reports it; an amount or currency other than ours is a protocol error, never a success. */
function resultOf(answer: TransferAnswer, transfer: { amountMinor: number } | null): RailTransferResult {
  if (answer.currency !== CURRENCY) {
    throw new RailError('RAIL_PROTOCOL_ERROR', `bKash reported a transfer in ${answer.currency}`);
  }
  const amountMinor = fromDecimalString(answer.amount, CURRENCY);
  if (transfer && amountMinor !== transfer.amountMinor) {
    throw new RailError('RAIL_PROTOCOL_ERROR', 'bKash reported a transfer of another amount', {
      reported: answer.amount,
    });
  }
  const completed = answer.transactionStatus === TRANSFER_STATUS.COMPLETED;
  const failed = answer.transactionStatus === TRANSFER_STATUS.FAILED;
  return {
    status: completed ? 'SUCCEEDED' : failed ? 'FAILED' : 'PROCESSING',
    railTransferId: answer.trxID,
    feeMinor: answer.b2cFee === undefined ? null : fromDecimalString(answer.b2cFee, CURRENCY),
    reasonCode: failed ? 'RAIL_FAILED' : null,
    reason: failed ? answer.transactionStatus : null,
    raw: { ...answer },
  };
}

/** GatewayErrors of the shared HTTP layer, in the rail's words. */
async function railCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RailError) throw error;
    if (error instanceof GatewayError) {
      const code = error.code === 'GATEWAY_UNAVAILABLE' ? 'RAIL_UNAVAILABLE' : 'RAIL_PROTOCOL_ERROR';
      throw new RailError(code, error.message, error.details ?? {});
    }
    throw error;
  }
}

export function createBkashDisbursementRail(options: DisbursementClientOptions): PayoutRail {
  const http: HttpOptions = {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    transport: options.transport ?? (async (url, request) => fetch(url, request)),
  };
  const login = { [HEADERS.username]: options.username, [HEADERS.password]: options.password };
  const appBody = { app_key: options.appKey, app_secret: options.appSecret };
  const issue = async (path: string, extra: Record<string, string>) => {
    let answer: WireAnswer;
    try {
      answer = await postJson(http, path, login, { ...appBody, ...extra });
    } catch (error) {
      // bKash's gateway turned the username and password away (401) before the grant was read.
      if (!(error instanceof TokenRejected)) throw error;
      throw new RailError('RAIL_REJECTED', 'bKash refused the disbursement credentials');
    }
    const token = answer as { id_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
    if (typeof token.id_token !== 'string' || typeof token.refresh_token !== 'string') {
      const { code, message } = envelopeOf(answer);
      throw new RailError(
        'RAIL_REJECTED',
        `bKash refused the disbursement token: ${code} ${message ?? ''}`.trim(),
      );
    }
    const issuedAtMs = (options.now ?? Date.now)();
    return {
      idToken: token.id_token,
      refreshToken: token.refresh_token,
      issuedAtMs,
      expiresAtMs: issuedAtMs + Number(token.expires_in ?? 3600) * 1000,
    };
  };
  const tokens = new TokenCache(
    {
      grant: () => issue(DISBURSEMENT_PATHS.grant, {}),
      refresh: (refreshToken) => issue(DISBURSEMENT_PATHS.refresh, { refresh_token: refreshToken }),
    },
    options.now ?? Date.now,
  );
  const post = (path: string, body: Record<string, string>) =>
    railCall(() =>
      tokens.withToken((idToken) =>
        postJson(http, path, { [HEADERS.authorization]: idToken, [HEADERS.appKey]: options.appKey }, body),
      ),
    );

  const find = async (reference: string): Promise<RailTransferResult> => {
    const answer = await post(DISBURSEMENT_PATHS.query, { merchantInvoiceNumber: reference });
    const { code, message } = envelopeOf(answer);
    if (code === DISBURSEMENT_CODES.TRANSACTION_NOT_FOUND) {
      return {
        status: 'NOT_FOUND',
        railTransferId: null,
        feeMinor: null,
        reasonCode: null,
        reason: message,
        raw: answer,
      };
    }
    if (code !== SUCCESS_CODE)
      throw new RailError(
        'RAIL_UNAVAILABLE',
        `bKash could not look the transfer up: ${code} ${message ?? ''}`,
      );
    return resultOf(parse(answer, transferSchema, 'b2cQuery'), null);
  };

  return {
    describe: () => BKASH_DISBURSEMENT_DESCRIPTION,

    async checkBeneficiary(beneficiary: Beneficiary): Promise<BeneficiaryCheckResult> {
      if (beneficiary.type !== 'BKASH_WALLET') {
        throw new RailError('RAIL_REJECTED', `bKash pays only bKash wallets, not ${beneficiary.type}`);
      }
      const answer = await post(DISBURSEMENT_PATHS.verifyWallet, {
        receiverMSISDN: beneficiary.walletNumber,
      });
      const { code } = envelopeOf(answer);
      if (code === DISBURSEMENT_CODES.INVALID_RECEIVER) {
        return { status: 'NOT_FOUND', accountHolderName: null, kycStatus: null, raw: answer };
      }
      if (code !== SUCCESS_CODE) {
        // An account without the wallet check: the payout goes on, and bKash's transfer answer decides.
        return { status: 'UNVERIFIABLE', accountHolderName: null, kycStatus: null, raw: answer };
      }
      const wallet = parse(answer, walletSchema, 'b2cVerifyWallet');
      const status =
        wallet.walletStatus === WALLET_STATUS.ACTIVE
          ? 'VERIFIED'
          : wallet.walletStatus === WALLET_STATUS.BLOCKED
            ? 'BLOCKED'
            : 'NOT_FOUND';
      return {
        status,
        accountHolderName: wallet.accountHolderName ?? null,
        kycStatus: wallet.kycStatus ?? null,
        raw: answer,
      };
    },

    async send(transfer: PayoutTransfer): Promise<RailTransferResult> {
      if (transfer.beneficiary.type !== 'BKASH_WALLET') {
        throw new RailError(
          'RAIL_REJECTED',
          `bKash pays only bKash wallets, not ${transfer.beneficiary.type}`,
        );
      }
      const answer = await post(DISBURSEMENT_PATHS.transfer, {
        amount: toDecimalString(transfer.amountMinor, CURRENCY),
        currency: CURRENCY,
        merchantInvoiceNumber: transfer.reference,
        receiverMSISDN: transfer.beneficiary.walletNumber,
      });
      const { code, message } = envelopeOf(answer);
      if (code === SUCCESS_CODE) return resultOf(parse(answer, transferSchema, 'b2cPayment'), transfer);
      if (code === DISBURSEMENT_CODES.DUPLICATE) {
        // bKash holds a transfer under this reference already: what it says of that one stands.
        return find(transfer.reference);
      }
      const refusal = code ? TRANSFER_REFUSALS[code] : undefined;
      if (!refusal) {
        throw new RailError(
          'RAIL_UNAVAILABLE',
          `bKash did not take the transfer: ${code ?? 'no code'} ${message ?? ''}`.trim(),
          {
            statusCode: code,
          },
        );
      }
      return {
        status: 'FAILED',
        railTransferId: null,
        feeMinor: null,
        reasonCode: refusal.reasonCode,
        reason: message,
        shortBalance: refusal.shortBalance ?? false,
        raw: answer,
      };
    },

    find,

    async balance(): Promise<RailBalance> {
      const answer = await post(DISBURSEMENT_PATHS.balance, {});
      const { code, message } = envelopeOf(answer);
      if (code !== SUCCESS_CODE)
        throw new RailError('RAIL_UNAVAILABLE', `bKash did not tell the balance: ${code} ${message ?? ''}`);
      const account = parse(answer, balanceSchema, 'queryOrganizationBalance').organizationBalance[0]!;
      return {
        availableMinor: fromDecimalString(account.availableBalance, CURRENCY),
        currency: CURRENCY,
        asOf: new Date((options.now ?? Date.now)()),
        raw: answer,
      };
    },
  };
}
