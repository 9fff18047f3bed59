import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { PaymentMethodType } from '../../domain/payments/payment-method-type.js';
import type { PaymentStatus } from '../../domain/payments/payment-status.js';
import type { PayoutBeneficiary } from '../../domain/payouts/beneficiary.js';
import type { Role } from '../../domain/operators/permissions.js';
import { AppGatewaySchema } from './app-gateway-entity.js';

/**
 * Entities are plain interfaces mapped with EntitySchema: no decorators, no reflect-metadata.
 * Integer ids and amounts map to JS numbers; the API validates they stay below 2^53.
 */
import type { Mode } from '../../domain/shared/mode.js';
export type { Mode };

const id = { type: new BigIntType('number'), primary: true, autoincrement: true } as const;
const bigintNumber = { type: new BigIntType('number') } as const;
const createdAt = { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' } as const;

export interface App {
  id: number;
  name: string;
  displayName: string;
  /** Customers of settled payments get a receipt by email (and the app may fetch receipts). */
  receiptsEnabled: boolean;
  /** Customers get issued invoices, installment reminders and overdue notices by email. */
  invoiceEmailsEnabled: boolean;
  status: 'ACTIVE' | 'SUSPENDED';
  logoUrl: string | null;
  brandColor: string | null;
  /** Requests per minute per credential mode set by an operator; null: RATE_LIMIT_APP_PER_MINUTE. */
  rateLimitPerMinute: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export const AppSchema = new EntitySchema<App>({
  name: 'App',
  tableName: 'apps',
  properties: {
    id,
    name: { type: 'string', columnType: 'text' },
    displayName: { type: 'string', columnType: 'text' },
    receiptsEnabled: { type: 'boolean', default: true },
    invoiceEmailsEnabled: { type: 'boolean', default: false },
    status: { type: 'string', columnType: 'text', default: 'ACTIVE' },
    logoUrl: { type: 'string', columnType: 'text', nullable: true },
    brandColor: { type: 'string', columnType: 'text', nullable: true },
    rateLimitPerMinute: { type: 'integer', columnType: 'integer', nullable: true },
    createdAt,
    updatedAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

export interface Credential {
  id: number;
  appId: number;
  mode: Mode;
  apiKey: string;
  secretHash: string;
  status: 'ACTIVE' | 'REVOKED';
  createdAt: Date;
  lastUsedAt: Date | null;
  /** End of the grace window of a rotated credential; null while it is current. */
  expiresAt: Date | null;
  revokedAt: Date | null;
  firstUsedAt: Date | null;
  replacedById: number | null;
  /** A named key's name; null for the app's own pair of the mode. */
  name?: string | null;
  /** A named key's scopes (domain/apps/scopes.ts); null: every scope (the app's own pair). */
  scopes?: string[] | null;
}

export const CredentialSchema = new EntitySchema<Credential>({
  name: 'Credential',
  tableName: 'credentials',
  properties: {
    id,
    appId: { ...bigintNumber },
    mode: { type: 'string', columnType: 'text' },
    apiKey: { type: 'string', columnType: 'text', unique: true },
    secretHash: { type: 'string', columnType: 'text' },
    status: { type: 'string', columnType: 'text', default: 'ACTIVE' },
    createdAt,
    lastUsedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    expiresAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    revokedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    firstUsedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    replacedById: { ...bigintNumber, nullable: true },
    name: { type: 'string', columnType: 'text', nullable: true },
    scopes: { type: 'string[]', columnType: 'text[]', nullable: true },
  },
});

export interface WebhookEndpoint {
  id: number;
  /** The id apps and operators name it by: `we_` + 24 characters. */
  publicId: string;
  appId: number;
  mode: Mode;
  url: string;
  description: string;
  /** The event types it takes; empty takes every type. */
  enabledEvents: string[];
  /** Set while it is switched off: it is sent nothing. */
  disabledAt: Date | null;
  /** The whsec_ signing secret, sealed under SEALING_KEYS for this endpoint (platform/sealing/secret-box.ts). */
  secretSealed: string;
  /**
   * Its secrets are sealed under the endpoint's own context; false for a row sealed before, under
   * its app and mode's, until it is re-sealed (`upgradeEndpointSealing`).
   */
  sealedPerEndpoint: boolean;
  /** After a rotation, the replaced secret: deliveries are signed with it too until it expires. */
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const WebhookEndpointSchema = new EntitySchema<WebhookEndpoint>({
  name: 'WebhookEndpoint',
  tableName: 'webhook_endpoints',
  properties: {
    id,
    publicId: { type: 'string', columnType: 'text', unique: true },
    appId: { ...bigintNumber },
    mode: { type: 'string', columnType: 'text' },
    url: { type: 'string', columnType: 'text' },
    description: { type: 'string', columnType: 'text', default: '' },
    enabledEvents: { type: 'string[]', columnType: 'text[]', default: '{}' },
    disabledAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    secretSealed: { type: 'string', columnType: 'text' },
    sealedPerEndpoint: { type: 'boolean', fieldName: 'secrets_sealed_per_endpoint', default: true },
    previousSecretSealed: { type: 'string', columnType: 'text', nullable: true },
    previousSecretExpiresAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    createdAt,
    updatedAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

export interface Payment {
  id: number;
  reference: string;
  appId: number;
  mode: Mode;
  status: PaymentStatus;
  amountMinor: number;
  currency: string;
  customerReference: string;
  customerEmail: string | null;
  customerPhone: string | null;
  customerName: string | null;
  productName: string | null;
  invoiceId: string | null;
  /** The app's order this payment pays; at most one open or succeeded payment per order. */
  orderId: string | null;
  metadata: Record<string, string | number | boolean | null>;
  returnUrl: string | null;
  cancelUrl: string | null;
  /** Null until the customer chooses one on the hosted checkout (the app named none). */
  gateway: string | null;
  expiresAt: Date;
  /**
   * The Idempotency-Key claim (when the key was first used, and the key) of the request that
   * created it: a retried create finds it by this.
   */
  idempotencyKey: string | null;
  gatewaySessionKey: string | null;
  gatewayPageUrl: string | null;
  gatewayTransactionId: string | null;
  /** The wallet or card scheme that paid, as the gateway confirmed it. */
  paymentMethod: string | null;
  /** What kind of method that was, the same for every gateway (domain/payments/payment-method-type.ts). */
  paymentMethodType: PaymentMethodType | null;
  /**
   * The wallet or account that paid, when its gateway named it in full (bKash's customerMsisdn):
   * refunds go back there by default. Null or absent: not known (cash, manual, masked numbers).
   */
  payerAccount?: PayoutBeneficiary | null;
  gatewayValidationId: string | null;
  failureReason: string | null;
  attentionReason: string | null;
  /** Money the gateway captured that the payment could not keep, parked as unapplied funds. */
  unappliedMinor: number;
  unappliedCurrency: string | null;
  /** How an operator (or the late-capture refund) closed the attention flag, once closed. */
  attentionResolution: 'REFUNDED' | 'APPLIED' | 'ACKNOWLEDGED' | null;
  attentionNote: string | null;
  attentionResolvedBy: string | null;
  attentionResolvedAt: Date | null;
  refundedMinor: number;
  createdAt: Date;
  updatedAt: Date;
  settledAt: Date | null;
}

export const PaymentSchema = new EntitySchema<Payment>({
  name: 'Payment',
  tableName: 'payments',
  properties: {
    id,
    reference: { type: 'string', columnType: 'text', unique: true },
    appId: { ...bigintNumber },
    mode: { type: 'string', columnType: 'text' },
    status: { type: 'string', columnType: 'text' },
    amountMinor: { ...bigintNumber },
    currency: { type: 'string', columnType: 'text' },
    customerReference: { type: 'string', columnType: 'text' },
    customerEmail: { type: 'string', columnType: 'text', nullable: true },
    customerPhone: { type: 'string', columnType: 'text', nullable: true },
    customerName: { type: 'string', columnType: 'text', nullable: true },
    productName: { type: 'string', columnType: 'text', nullable: true },
    invoiceId: { type: 'string', columnType: 'text', nullable: true },
    orderId: { type: 'string', columnType: 'text', nullable: true },
    metadata: { type: 'json' },
    returnUrl: { type: 'string', columnType: 'text', nullable: true },
    cancelUrl: { type: 'string', columnType: 'text', nullable: true },
    gateway: { type: 'string', columnType: 'text', nullable: true },
    expiresAt: { type: 'Date', columnType: 'timestamptz' },
    idempotencyKey: { type: 'string', columnType: 'text', nullable: true },
    gatewaySessionKey: { type: 'string', columnType: 'text', nullable: true },
    gatewayPageUrl: { type: 'string', columnType: 'text', nullable: true },
    gatewayTransactionId: { type: 'string', columnType: 'text', nullable: true },
    paymentMethod: { type: 'string', columnType: 'text', nullable: true },
    paymentMethodType: { type: 'string', columnType: 'text', nullable: true },
    payerAccount: { type: 'json', nullable: true },
    gatewayValidationId: { type: 'string', columnType: 'text', nullable: true },
    failureReason: { type: 'string', columnType: 'text', nullable: true },
    attentionReason: { type: 'string', columnType: 'text', nullable: true },
    unappliedMinor: { ...bigintNumber, default: 0 },
    unappliedCurrency: { type: 'string', columnType: 'text', nullable: true },
    attentionResolution: { type: 'string', columnType: 'text', nullable: true },
    attentionNote: { type: 'string', columnType: 'text', nullable: true },
    attentionResolvedBy: { type: 'string', columnType: 'text', nullable: true },
    attentionResolvedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    refundedMinor: { ...bigintNumber, default: 0 },
    createdAt,
    updatedAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
    settledAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
  },
});

export interface PaymentStatusChange {
  id: number;
  paymentId: number;
  fromStatus: PaymentStatus | null;
  toStatus: PaymentStatus;
  reason: string | null;
  createdAt: Date;
}

export const PaymentStatusChangeSchema = new EntitySchema<PaymentStatusChange>({
  name: 'PaymentStatusChange',
  tableName: 'payment_status_changes',
  properties: {
    id,
    paymentId: { ...bigintNumber },
    fromStatus: { type: 'string', columnType: 'text', nullable: true },
    toStatus: { type: 'string', columnType: 'text' },
    reason: { type: 'string', columnType: 'text', nullable: true },
    createdAt,
  },
});

export interface GatewayCallbackRecord {
  id: number;
  paymentId: number | null;
  reference: string;
  gateway: string;
  kind: 'IPN' | 'REDIRECT' | 'RECEIPT';
  gatewayStatus: string;
  validationId: string | null;
  signatureValid: boolean;
  payload: Record<string, string>;
  outcome: string | null;
  outcomeReason: string | null;
  receivedAt: Date;
  processedAt: Date | null;
  /**
   * A re-sent callback has the same key: payment, validation id and gateway status for a signed
   * one; payment and claimed outcome for an unsigned browser return (`unsignedReturnKey`).
   */
  dedupeKey: string | null;
  /** When it was last handed to the payment's workflow (a re-send may hand it over again). */
  handedOverAt: Date | null;
  /** How often this callback (by its dedupe key) arrived. */
  timesReceived: number;
  /** When it last arrived (`receivedAt` is the first time). */
  lastReceivedAt: Date;
  /** How often it was handed to a workflow (a lost hand-over is repeated under the same number). */
  handOvers: number;
  /**
   * Checks asked of a workflow, each one gateway confirmation: `MAX_CALLBACK_CHECKS` at once, any
   * further one spaced (`domain/payments/callback-checks.ts`).
   */
  checks: number;
  /**
   * It arrived again and no check has answered that repeat yet (its latest check was under way, or
   * the spacing held the next one back): an UNCONFIRMED verdict is followed by another check.
   */
  returnedWhileChecking: boolean;
  /** The earliest another check may be asked; null: at once. */
  nextCheckAt: Date | null;
}

export const GatewayCallbackSchema = new EntitySchema<GatewayCallbackRecord>({
  name: 'GatewayCallback',
  tableName: 'gateway_callbacks',
  properties: {
    id,
    paymentId: { ...bigintNumber, nullable: true },
    reference: { type: 'string', columnType: 'text' },
    gateway: { type: 'string', columnType: 'text' },
    kind: { type: 'string', columnType: 'text' },
    gatewayStatus: { type: 'string', columnType: 'text' },
    validationId: { type: 'string', columnType: 'text', nullable: true },
    signatureValid: { type: 'boolean' },
    payload: { type: 'json' },
    outcome: { type: 'string', columnType: 'text', nullable: true },
    outcomeReason: { type: 'string', columnType: 'text', nullable: true },
    receivedAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
    processedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    dedupeKey: { type: 'string', columnType: 'text', nullable: true },
    handedOverAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    timesReceived: { type: 'integer', default: 1 },
    lastReceivedAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
    handOvers: { type: 'integer', default: 0 },
    checks: { type: 'integer', default: 0 },
    returnedWhileChecking: { type: 'boolean', default: false },
    nextCheckAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
  },
});

export interface OutboxEvent {
  id: string;
  appId: number;
  mode: Mode;
  type: string;
  sourceType: string;
  sourceId: string;
  payload: Record<string, unknown>;
  deliveryStatus: 'PENDING' | 'DELIVERED' | 'FAILED' | 'NO_ENDPOINT';
  createdAt: Date;
}

export const OutboxEventSchema = new EntitySchema<OutboxEvent>({
  name: 'OutboxEvent',
  tableName: 'events',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    appId: { ...bigintNumber },
    mode: { type: 'string', columnType: 'text' },
    type: { type: 'string', columnType: 'text' },
    sourceType: { type: 'string', columnType: 'text' },
    sourceId: { type: 'string', columnType: 'text' },
    payload: { type: 'json' },
    deliveryStatus: { type: 'string', columnType: 'text', default: 'PENDING' },
    createdAt,
  },
});

export interface WebhookAttempt {
  id: number;
  eventId: string;
  /** The endpoint it went to (null once that endpoint is deleted). */
  endpointId: number | null;
  /** The step of the retry schedule this delivery belongs to. */
  attempt: number;
  /** Deliveries within one step: more than one when a crash made the step send again. */
  deliveryTry: number;
  url: string;
  statusCode: number | null;
  /** Why the endpoint did not take it (`deliveryFailureReason`); null when it did. */
  failureReason: string | null;
  /** That reason in words (`neutralFailureMessage`), never the socket's or resolver's text. */
  error: string | null;
  /** The start of the receiver's answer, for the app to see what its endpoint said. */
  responseExcerpt: string | null;
  durationMs: number;
  createdAt: Date;
}

export const WebhookAttemptSchema = new EntitySchema<WebhookAttempt>({
  name: 'WebhookAttempt',
  tableName: 'webhook_attempts',
  properties: {
    id,
    eventId: { type: 'string', columnType: 'text' },
    attempt: { type: 'integer' },
    deliveryTry: { type: 'integer', default: 1 },
    url: { type: 'string', columnType: 'text' },
    endpointId: { ...bigintNumber, nullable: true },
    statusCode: { type: 'integer', nullable: true },
    failureReason: { type: 'string', columnType: 'text', nullable: true },
    error: { type: 'string', columnType: 'text', nullable: true },
    responseExcerpt: { type: 'string', columnType: 'text', nullable: true },
    durationMs: { type: 'integer' },
    createdAt,
  },
});

export interface LedgerAccount {
  id: number;
  code: string;
  currency: string;
  createdAt: Date;
}

export const LedgerAccountSchema = new EntitySchema<LedgerAccount>({
  name: 'LedgerAccount',
  tableName: 'ledger_accounts',
  properties: {
    id,
    code: { type: 'string', columnType: 'text', unique: true },
    currency: { type: 'string', columnType: 'text' },
    createdAt,
  },
});

export interface JournalEntry {
  id: number;
  sourceType: string;
  sourceId: string;
  kind: string;
  currency: string;
  createdAt: Date;
}

export const JournalEntrySchema = new EntitySchema<JournalEntry>({
  name: 'JournalEntry',
  tableName: 'journal_entries',
  properties: {
    id,
    sourceType: { type: 'string', columnType: 'text' },
    sourceId: { type: 'string', columnType: 'text' },
    kind: { type: 'string', columnType: 'text' },
    currency: { type: 'string', columnType: 'text' },
    createdAt,
  },
});

export interface Posting {
  id: number;
  entryId: number;
  accountId: number;
  amountMinor: number;
}

export const PostingSchema = new EntitySchema<Posting>({
  name: 'Posting',
  tableName: 'postings',
  properties: {
    id,
    entryId: { ...bigintNumber },
    accountId: { ...bigintNumber },
    amountMinor: { ...bigintNumber },
  },
});

export interface IdempotencyRecord {
  appId: number;
  mode: Mode;
  key: string;
  requestHash: string;
  state: 'IN_PROGRESS' | 'COMPLETED';
  responseStatus: number | null;
  responseBody: unknown;
  createdAt: Date;
  /** When the request now running took the key; an older claim is a crashed request's. */
  claimedAt: Date;
}

export const IdempotencyRecordSchema = new EntitySchema<IdempotencyRecord>({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_keys',
  properties: {
    appId: { ...bigintNumber, primary: true },
    mode: { type: 'string', columnType: 'text', primary: true },
    key: { type: 'string', columnType: 'text', primary: true },
    requestHash: { type: 'string', columnType: 'text' },
    state: { type: 'string', columnType: 'text' },
    responseStatus: { type: 'integer', nullable: true },
    responseBody: { type: 'json', nullable: true },
    createdAt,
    claimedAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

export interface Operator {
  id: number;
  email: string;
  passwordHash: string;
  role: Role;
  status: 'ACTIVE' | 'DISABLED';
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
  /** The TOTP secret, sealed (platform/sealing/operator-secret-seal.ts); null until a second factor is enrolled. */
  totpSealed: string | null;
  totpEnrolledAt: Date | null;
  /** The identity provider's subject for a person who signs in there; null for a local account. */
  oidcSubject?: string | null;
}

export const OperatorSchema = new EntitySchema<Operator>({
  name: 'Operator',
  tableName: 'operators',
  properties: {
    id,
    email: { type: 'string', columnType: 'text' },
    passwordHash: { type: 'string', columnType: 'text', hidden: true },
    role: { type: 'string', columnType: 'text' },
    status: { type: 'string', columnType: 'text', default: 'ACTIVE' },
    createdAt,
    updatedAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
    lastLoginAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    totpSealed: { type: 'string', columnType: 'text', nullable: true, hidden: true },
    totpEnrolledAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    oidcSubject: { type: 'string', columnType: 'text', nullable: true, hidden: true },
  },
});

export interface OperatorSession {
  /** SHA-256 of the cookie token: a leaked table row cannot be replayed as a cookie. */
  id: string;
  operatorId: number;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  stepUpAt: Date | null;
  revokedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
  /** Where the second factor of this sign-in came from: our TOTP, the identity provider, or none. */
  secondFactorSource?: 'TOTP' | 'IDP' | null;
}

export const OperatorSessionSchema = new EntitySchema<OperatorSession>({
  name: 'OperatorSession',
  tableName: 'operator_sessions',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    operatorId: { ...bigintNumber },
    csrfToken: { type: 'string', columnType: 'text' },
    createdAt,
    lastSeenAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
    expiresAt: { type: 'Date', columnType: 'timestamptz' },
    stepUpAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    revokedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    ip: { type: 'string', columnType: 'text', nullable: true },
    userAgent: { type: 'string', columnType: 'text', nullable: true },
    secondFactorSource: { type: 'string', columnType: 'text', nullable: true },
  },
});

export interface AuditEntry {
  id: number;
  occurredAt: Date;
  actorType: 'OPERATOR' | 'APP' | 'SYSTEM';
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const AuditEntrySchema = new EntitySchema<AuditEntry>({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    id,
    occurredAt: { type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' },
    actorType: { type: 'string', columnType: 'text' },
    actorId: { type: 'string', columnType: 'text', nullable: true },
    actorLabel: { type: 'string', columnType: 'text' },
    action: { type: 'string', columnType: 'text' },
    targetType: { type: 'string', columnType: 'text', nullable: true },
    targetId: { type: 'string', columnType: 'text', nullable: true },
    ip: { type: 'string', columnType: 'text', nullable: true },
    before: { type: 'json', nullable: true },
    after: { type: 'json', nullable: true },
  },
});

export const entities = [
  AppSchema,
  CredentialSchema,
  WebhookEndpointSchema,
  PaymentSchema,
  PaymentStatusChangeSchema,
  GatewayCallbackSchema,
  OutboxEventSchema,
  WebhookAttemptSchema,
  LedgerAccountSchema,
  JournalEntrySchema,
  PostingSchema,
  IdempotencyRecordSchema,
  OperatorSchema,
  OperatorSessionSchema,
  AuditEntrySchema,
  AppGatewaySchema,
];
