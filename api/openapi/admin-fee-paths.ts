import { MODES } from '../../domain/shared/mode.js';
import { bankAccountBody, FEE_GATEWAYS, feeScheduleBody } from '../admin/fees/schemas.js';
import { operation, pathParam } from './admin-paths.js';
import {
  fromZod,
  instant,
  integer,
  nullableInstant,
  nullableText,
  record,
  ref,
  text,
  type Json,
} from './json-schema.js';
import { errorResponse, list, ok } from './responses.js';

/** Gateway fee schedules and the bank accounts gateways settle to. */

const mode = { type: 'string', enum: [...MODES] };

export const adminFeeSchemas = (): Record<string, Json> => ({
  FeeSchedule: record({
    id: integer,
    gateway: { type: 'string', enum: [...FEE_GATEWAYS] },
    mode,
    currency: text,
    method: { ...nullableText, description: 'The payment method it prices; null: any method' },
    percentBasisPoints: integer,
    fixedMinor: integer,
    rate: { ...text, description: 'The rate as people read it: "2.9 % + 0.30"' },
    updatedBy: nullableText,
    updatedAt: instant,
  }),
  SettlementBankAccount: record({
    gateway: text,
    mode,
    name: text,
    named: { type: 'boolean', description: 'False while the name is the default one' },
    updatedBy: nullableText,
    updatedAt: nullableInstant,
  }),
});

export const adminFeePaths = (): Record<string, Json> => ({
  '/admin/fee-schedules': {
    get: operation({
      id: 'adminListFeeSchedules',
      summary:
        'What each gateway charges for a capture it does not price itself, per mode, currency and method',
      description:
        "The fee booked with a capture is the gateway's own figure when it reports one (SSLCOMMERZ's store amount, Stripe's balance transaction), else the schedule for the payment's method, else the one for any method; a settlement line later corrects it.",
      action: 'ledger.read',
      responses: { 200: list('Every schedule, on one page', ref('FeeSchedule')) },
    }),
    put: operation({
      id: 'adminSetFeeSchedule',
      summary: 'Set the rate for a gateway, mode, currency and method (created: 201; changed: 200); audited',
      description: 'It prices captures from then on; entries already posted keep their fee.',
      action: 'ledger.configure',
      body: fromZod(feeScheduleBody),
      responses: {
        200: ok('The schedule, changed', ref('FeeSchedule')),
        201: ok('The schedule, created', ref('FeeSchedule')),
      },
    }),
  },
  '/admin/fee-schedules/{id}': {
    delete: operation({
      id: 'adminDeleteFeeSchedule',
      summary:
        'Remove a schedule (captures it priced then fall to the any-method schedule, or none); audited',
      action: 'ledger.configure',
      parameters: [pathParam('id', { type: 'string', pattern: '^[1-9][0-9]{0,15}$' }, 'The schedule id')],
      responses: {
        200: ok('The schedule removed', ref('FeeSchedule')),
        404: errorResponse('FEE_SCHEDULE_NOT_FOUND'),
      },
    }),
  },
  '/admin/settlement-bank-accounts': {
    get: operation({
      id: 'adminListSettlementBankAccounts',
      summary:
        "The bank account each gateway settles to in each mode: the ledger's BANK accounts carry these names",
      action: 'ledger.read',
      responses: { 200: list('Every gateway in each mode', ref('SettlementBankAccount')) },
    }),
  },
  '/admin/settlement-bank-accounts/{gateway}/{mode}': {
    put: operation({
      id: 'adminNameSettlementBankAccount',
      summary: 'Name the bank account a gateway settles to in a mode; audited',
      action: 'ledger.configure',
      parameters: [
        pathParam('gateway', { type: 'string', enum: [...FEE_GATEWAYS] }),
        pathParam('mode', mode),
      ],
      body: fromZod(bankAccountBody),
      responses: {
        200: ok('The account as named', ref('SettlementBankAccount')),
        404: errorResponse('GATEWAY_NOT_FOUND'),
      },
    }),
  },
});
