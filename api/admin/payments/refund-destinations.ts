import type { Payment } from '../../../platform/orm/entities.js';
import type { PayoutBeneficiaryType } from '../../../domain/payouts/beneficiary.js';
import { expectedArrival } from '../../../domain/refunds/refund-rails.js';
import { RAIL_FOR_BENEFICIARY } from '../../../gateways/payouts/registry.js';
import type { RouteDeps } from '../../deps.js';
import { payoutRailsOf } from '../../payouts/payout-rails.js';

/**
 * What a payment's refund form offers for sending the money back when the payment's gateway has
 * no refund API (Nagad, money paid by hand): a wallet or a bank account paid by a payout rail, or
 * finance's manual confirmation. Each rail says whether it is configured for the payment's mode
 * and when the customer can expect the money by it.
 */

export type DestinationKind = 'WALLET' | 'BANK' | 'FINANCE';

export interface RailChoice {
  type: PayoutBeneficiaryType;
  rail: string;
  configured: boolean;
  /** One sentence for the operator: when the customer can expect the money by this rail. */
  arrival: string;
}

export interface RefundDestinationChoices {
  /** The payment's gateway refunds through its API: no destination is asked for. */
  gatewayRefunds: 'API' | 'MANUAL';
  rails: RailChoice[];
  /** The customer's wallet as the payment knows it, to prefill the wallet fields. */
  customerWallet: { type: 'BKASH_WALLET' | 'NAGAD_WALLET'; walletNumber: string; name: string | null } | null;
  /** The choice the form opens with. */
  defaultKind: DestinationKind;
}

const WALLET_TYPES = ['NAGAD_WALLET', 'BKASH_WALLET'] as const;
const RAIL_TYPES: readonly PayoutBeneficiaryType[] = [...WALLET_TYPES, 'BANK_ACCOUNT'];

/** A Bangladeshi mobile number in the form the wallets take it (01XXXXXXXXX), or null. */
export function walletNumberOf(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?880/, '0');
  return /^01[3-9]\d{8}$/.test(digits) ? digits : null;
}

export function refundDestinationChoices(
  deps: Pick<RouteDeps, 'gateways' | 'payoutRails'>,
  payment: Pick<Payment, 'gateway' | 'mode' | 'customerPhone' | 'customerName'>,
): RefundDestinationChoices {
  const module = payment.gateway
    ? deps.gateways.modules().find((m) => m.name === payment.gateway)
    : undefined;
  const gatewayRefunds = module?.description.refunds ?? 'MANUAL';
  const rails = RAIL_TYPES.map((type): RailChoice => {
    const rail = RAIL_FOR_BENEFICIARY[type];
    return {
      type,
      rail,
      configured: payoutRailsOf(deps).isConfigured(rail, payment.mode),
      arrival: expectedArrival('PAYOUT', { type }, new Date()).description,
    };
  });
  const number = walletNumberOf(payment.customerPhone);
  // The wallet the customer paid from: a bKash payment's is bKash, any other's Nagad by default.
  const walletType: 'BKASH_WALLET' | 'NAGAD_WALLET' =
    payment.gateway === 'bkash' ? 'BKASH_WALLET' : 'NAGAD_WALLET';
  const customerWallet = number
    ? { type: walletType, walletNumber: number, name: payment.customerName }
    : null;
  const walletRail = rails.find((r) => r.type === walletType)!;
  return {
    gatewayRefunds,
    rails,
    customerWallet,
    defaultKind: walletRail.configured ? 'WALLET' : 'FINANCE',
  };
}

/** The refund form's fields about the destination, as the operator typed them. */
export type DestinationFields = Partial<
  Record<
    | 'destinationKind'
    | 'walletType'
    | 'walletNumber'
    | 'walletName'
    | 'accountNumber'
    | 'accountName'
    | 'routingNumber'
    | 'bankName'
    | 'bankMethod',
    string
  >
>;

const trimmed = (value: string | undefined) => value?.trim() ?? '';
const optional = (value: string | undefined) => trimmed(value) || undefined;

/**
 * The refund request's destination and manual confirmation from the form, in the API's terms
 * (validated by the same schema the admin API uses). A gateway with a refund API takes neither.
 */
export function destinationAskFromForm(
  fields: DestinationFields,
  gatewayRefunds: 'API' | 'MANUAL',
): { destination?: Record<string, unknown>; manualConfirmation?: true } {
  if (gatewayRefunds === 'API') return {};
  switch (fields.destinationKind) {
    case 'WALLET':
      return {
        destination: {
          type: fields.walletType === 'BKASH_WALLET' ? 'BKASH_WALLET' : 'NAGAD_WALLET',
          walletNumber: trimmed(fields.walletNumber).replace(/[\s-]/g, ''),
          ...(optional(fields.walletName) && { name: optional(fields.walletName) }),
        },
      };
    case 'BANK':
      return {
        destination: {
          type: 'BANK_ACCOUNT',
          accountNumber: trimmed(fields.accountNumber).replace(/[\s-]/g, ''),
          accountName: trimmed(fields.accountName),
          routingNumber: trimmed(fields.routingNumber),
          ...(optional(fields.bankName) && { bankName: optional(fields.bankName) }),
          method: fields.bankMethod === 'NPSB' ? 'NPSB' : 'BEFTN',
        },
      };
    default:
      return { manualConfirmation: true };
  }
}

/** The form's field a schema complaint about `destination.<field>` belongs to, in the form's words. */
export const DESTINATION_FIELD_LABELS: Record<string, string> = {
  'destination.walletNumber': 'Wallet number',
  'destination.name': 'Holder name',
  'destination.accountNumber': 'Account number',
  'destination.accountName': 'Account name',
  'destination.routingNumber': 'Routing number',
  'destination.bankName': 'Bank name',
};
