import type { Beneficiary } from '../../gateways/payouts/rail.js';
import type { CreatePayoutBody } from './payout-schemas.js';

/** A beneficiary as the request gave it, with its optional fields made explicit. */
export const beneficiaryOf = (body: CreatePayoutBody['beneficiary']): Beneficiary =>
  body.type === 'BANK_ACCOUNT'
    ? { ...body, bankName: body.bankName ?? null }
    : { type: body.type, walletNumber: body.walletNumber, name: body.name ?? null };
