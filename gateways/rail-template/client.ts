import type { z } from 'zod';
import { fromDecimalString, toDecimalString } from '../../domain/shared/money.js';
import {
  networkCause,
  nodeHttpTransport,
  type GatewayTransport,
} from '../../platform/http/gateway-transport.js';
import { RailError } from '../payouts/rail.js';
import type {
  Beneficiary,
  BeneficiaryCheckResult,
  PayoutRail,
  PayoutRailDescription,
  PayoutTransfer,
  RailBalance,
  RailTransferResult,
} from '../payouts/rail.js';
import {
  declinedTransfer,
  isDecline,
  notFound,
  toBeneficiaryCheck,
  toTransferResult,
  transferFacts,
} from './mapping.js';
import {
  CURRENCY,
  PATHS,
  REFUSAL_CODES,
  accountCheckAnswerSchema,
  balanceAnswerSchema,
  basicAuthorization,
  refusalSchema,
  transferAnswerSchema,
  type TransferRequest,
} from './protocol.js';

/**
 * The rail behind the rail-neutral interface (gateways/payouts/rail.ts PayoutRail). The payout
 * core checks the beneficiary, asks `find` before it ever sends, sends once keyed by our
 * reference, and after any doubt asks `find` again rather than send.
 *
 * Every failure is a RailError: no answer (a network failure, a timeout, a 5xx) is
 * RAIL_UNAVAILABLE, since the rail may have acted; a refusal of the request is RAIL_REJECTED; an
 * answer we cannot read, or one about another transfer, is RAIL_PROTOCOL_ERROR. A refusal of the
 * transfer itself (a blocked account, a short balance) is not an error but a FAILED result with our
 * reason code. No error carries a credential. A real rail's client also passes
 * `tracedTransport('<name>')` (platform/telemetry/tracing.ts) so every call is traced.
 */

export interface TemplateRailOptions {
  /** The rail's API, or its simulator's. */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs?: number;
  transport?: GatewayTransport;
}

/** What it pays, its limits and how its outcomes come: the payout core reads these before sending. */
export const TEMPLATE_RAIL_DESCRIPTION: PayoutRailDescription = {
  // The name payouts carry: lower case, never changed once a payout carries it.
  name: 'template',
  displayName: 'Template rail',
  // The beneficiary types it pays: the payouts to them come here unless a rail listed before it pays them too.
  beneficiaryTypes: ['BKASH_WALLET', 'NAGAD_WALLET'],
  minAmountMinor: 100,
  maxAmountMinor: 2_500_000,
  dailyLimitPerBeneficiaryMinor: null,
  beneficiaryCheck: true,
  delivery: 'INSTANT',
};

const DEFAULT_TIMEOUT_MS = 30_000;
/** Answers that say the same request may well succeed later. */
const TRANSIENT_STATUSES = new Set([408, 425, 429]);

type Answer = { status: number; body: Record<string, unknown> };

function parse<T>(body: Record<string, unknown>, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new RailError('RAIL_PROTOCOL_ERROR', `the rail answered ${what} in an unexpected shape`);
  return parsed.data;
}

/** The account a beneficiary names, for each type the description lists; RAIL_REJECTED for any other. */
function accountNoOf(beneficiary: Beneficiary): string {
  switch (beneficiary.type) {
    case 'BKASH_WALLET':
    case 'NAGAD_WALLET':
      return beneficiary.walletNumber;
    default:
      throw new RailError('RAIL_REJECTED', `the template rail does not pay ${beneficiary.type}`, {
        reasonCode: 'BENEFICIARY_NOT_SUPPORTED',
      });
  }
}

export function createTemplateRail(options: TemplateRailOptions): PayoutRail {
  const transport = options.transport ?? nodeHttpTransport;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = {
    authorization: basicAuthorization(options.apiKey, options.apiSecret),
    accept: 'application/json',
  };

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> => {
    let status: number;
    let text: string;
    try {
      const answer = await transport(options.baseUrl.replace(/\/+$/, '') + path, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = answer.status;
      text = await answer.text();
    } catch (error) {
      throw new RailError('RAIL_UNAVAILABLE', `no answer from the template rail: ${networkCause(error)}`, {
        path,
      });
    }
    if (status >= 500 || TRANSIENT_STATUSES.has(status)) {
      throw new RailError('RAIL_UNAVAILABLE', `the template rail answered ${status}`, { path, status });
    }
    if (status === 401 || status === 403) {
      throw new RailError('RAIL_REJECTED', 'the template rail refused our credentials', { path, status });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new RailError('RAIL_PROTOCOL_ERROR', `the template rail answered ${path} with no JSON`, {
        path,
        status,
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new RailError('RAIL_PROTOCOL_ERROR', `the template rail answered ${path} with no object`, {
        path,
        status,
      });
    }
    return { status, body: parsed as Record<string, unknown> };
  };

  /** A refusal's code and words; a 4xx without one is a protocol error. */
  const refusalOf = (answer: Answer, what: string) => parse(answer.body, refusalSchema, what);

  const find = async (reference: string): Promise<RailTransferResult> => {
    const answer = await call('GET', PATHS.transfer(reference));
    if (answer.status === 404 && refusalOf(answer, 'a lookup').code === REFUSAL_CODES.TRANSFER_NOT_FOUND) {
      return notFound(reference);
    }
    if (answer.status !== 200) {
      const refusal = refusalOf(answer, 'a lookup');
      throw new RailError('RAIL_REJECTED', `the template rail refused the lookup: ${refusal.code}`, {
        code: refusal.code,
      });
    }
    const transfer = parse(answer.body, transferAnswerSchema, 'a lookup');
    if (transfer.reference !== reference) {
      throw new RailError('RAIL_PROTOCOL_ERROR', 'the template rail answered about another transfer', {
        reference,
      });
    }
    return toTransferResult(transfer);
  };

  return {
    describe: () => TEMPLATE_RAIL_DESCRIPTION,

    async checkBeneficiary(beneficiary: Beneficiary): Promise<BeneficiaryCheckResult> {
      const accountNo = accountNoOf(beneficiary);
      const answer = await call('POST', PATHS.accountCheck, { accountNo });
      if (
        answer.status === 404 &&
        refusalOf(answer, 'the account check').code === REFUSAL_CODES.ACCOUNT_NOT_FOUND
      ) {
        return { status: 'NOT_FOUND', accountHolderName: null, kycStatus: null, raw: answer.body };
      }
      if (answer.status !== 200) {
        const refusal = refusalOf(answer, 'the account check');
        throw new RailError('RAIL_REJECTED', `the template rail refused the account check: ${refusal.code}`, {
          code: refusal.code,
        });
      }
      const name = beneficiary.type === 'BANK_ACCOUNT' ? beneficiary.accountName : beneficiary.name;
      return toBeneficiaryCheck(parse(answer.body, accountCheckAnswerSchema, 'the account check'), name);
    },

    async send(transfer: PayoutTransfer): Promise<RailTransferResult> {
      const accountNo = accountNoOf(transfer.beneficiary);
      if (transfer.currency !== CURRENCY)
        throw new RailError('RAIL_REJECTED', `the template rail pays ${CURRENCY} only`);
      const request: TransferRequest = {
        reference: transfer.reference,
        accountNo,
        amount: toDecimalString(transfer.amountMinor, CURRENCY),
        currency: CURRENCY,
        narrative: transfer.narrative.slice(0, 100),
      };
      const answer = await call('POST', PATHS.transfers, request);
      if (answer.status === 200 || answer.status === 201) {
        const made = parse(answer.body, transferAnswerSchema, 'the transfer');
        const facts = transferFacts(made);
        // An answer about another transfer is never a success, whatever it says.
        if (
          made.reference !== transfer.reference ||
          facts.accountNo !== accountNo ||
          facts.amountMinor !== transfer.amountMinor ||
          facts.currency !== CURRENCY
        ) {
          throw new RailError(
            'RAIL_PROTOCOL_ERROR',
            'the template rail answered the transfer with other facts',
            {
              reference: transfer.reference,
            },
          );
        }
        return toTransferResult(made);
      }
      const refusal = refusalOf(answer, 'the transfer');
      // The rail holds a transfer under this reference already: what it says of that one stands.
      if (refusal.code === REFUSAL_CODES.DUPLICATE_REFERENCE) return find(transfer.reference);
      if (isDecline(refusal.code)) return declinedTransfer(refusal.code, refusal.message ?? null);
      throw new RailError('RAIL_REJECTED', `the template rail refused the transfer: ${refusal.code}`, {
        code: refusal.code,
        reference: transfer.reference,
      });
    },

    find,

    async balance(): Promise<RailBalance> {
      const answer = await call('GET', PATHS.balance);
      if (answer.status !== 200) {
        const refusal = refusalOf(answer, 'the balance');
        throw new RailError('RAIL_REJECTED', `the template rail refused the balance: ${refusal.code}`);
      }
      const balance = parse(answer.body, balanceAnswerSchema, 'the balance');
      const asOf = new Date(balance.asOf);
      if (balance.currency !== CURRENCY || Number.isNaN(asOf.getTime())) {
        throw new RailError(
          'RAIL_PROTOCOL_ERROR',
          'the template rail answered the balance in a shape we do not know',
        );
      }
      return {
        availableMinor: fromDecimalString(balance.available, CURRENCY),
        currency: CURRENCY,
        asOf,
        raw: { ...balance },
      };
    },
  };
}
