import type { z } from 'zod';
import type { ReceiptBook } from '../domain/payments/manual-receipts.js';
import type { Mode } from '../domain/shared/mode.js';
import type { PaymentMethodReading } from '../domain/payments/payment-method-type.js';
import type { LayoutDefinition } from '../domain/reconciliation/settlement-reports/layouts.js';
import type { CheckoutGateway, GatewayDescription, InboundRequest } from './types.js';
import type { GatewayConfig } from './gateway-config.js';

/** The environment a gateway reads its service-wide settings from (process.env in production). */
export type GatewayEnvironment = Readonly<Record<string, string | undefined>>;

export type { AppGatewaySetting } from '../domain/apps/gateway-settings.js';

/** One field of a gateway's merchant credentials as an operator types it in. */
export interface CredentialField {
  key: string;
  label: string;
  /** Sealed at rest and never shown again once saved (passwords, keys, PEMs). */
  secret: boolean;
  /** A PEM or another value spanning lines. */
  multiline?: boolean;
  hint?: string;
  /** A setting chosen from a few values (shown as a select), rather than typed in. */
  choices?: ReadonlyArray<{ value: string; label: string }>;
}

/** How a gateway's settlement reports reach reconciliation. */
export interface SettlementReportSpec {
  /**
   * The columns of the report file its merchant panel exports (a deployment may rename them,
   * SETTLEMENT_REPORT_COLUMNS); null when it publishes none an operator uploads, so its lines are
   * written in the canonical layout (Stripe's come from its API).
   */
  layout: LayoutDefinition | null;
}

export interface GatewayFactoryInput<C> {
  credentials: C;
  mode: Mode;
  env: GatewayEnvironment;
  config: GatewayConfig;
  /** Receipts finance records: the authority of a gateway whose customers pay outside it. */
  receipts: ReceiptBook | null;
}

/**
 * Everything the core knows of one gateway. Each gateway's folder exports one of these and
 * `gateways/catalogue.ts` lists it; nothing else in the service names a gateway's wire fields.
 * The shared code reads what differs per gateway (settings, hosts, report layouts, method types)
 * from these fields. `gateways/template/` is one to copy (docs/adding-a-gateway.md).
 */
export interface GatewayModule<C extends Record<string, string> = Record<string, string>> {
  /** The name apps send as `gateway` and our callback routes carry. */
  name: string;
  displayName: string;
  /** The gateway's mark as inline SVG, shown on the checkout's picker. */
  logoSvg: string;
  /** What it takes by default (a merchant's own agreement may narrow it; the client says). */
  description: GatewayDescription;
  /** Merchant credentials an operator configures per app and mode. */
  credentialFields: readonly CredentialField[];
  credentials: z.ZodType<C>;
  /**
   * Why credentials that are valid in themselves may not be used in a mode (a Stripe test key on
   * LIVE), per field; empty or absent when the gateway's credentials do not tell their mode.
   * Checked where an operator saves them and again wherever they are used.
   */
  modeIssues?(credentials: C, mode: Mode): Array<{ field: string; message: string }>;
  /** Service-wide credentials for a mode, used by apps without their own; null when none are set. */
  fallbackCredentials(env: GatewayEnvironment, config: GatewayConfig, mode: Mode): C | null;
  /** A client for one set of credentials (its token cache lives as long as it does). */
  create(input: GatewayFactoryInput<C>): CheckoutGateway;
  /**
   * Our payment reference as an inbound request claims it, read before anything is verified:
   * verifying needs the payment's app and mode, and so the payment.
   */
  identify(request: InboundRequest): string | null;
  /**
   * Notifications the gateway sends that are about nothing we act on (Stripe's events other than a
   * Checkout Session's): answered 200 unstored, so the gateway stops sending them. Unverified, so
   * it may only ever lead to doing nothing.
   */
  ignores?(request: InboundRequest): boolean;
  /**
   * The gateway transaction a dispute notice claims to be about (Stripe's PaymentIntent), read
   * before anything is verified: verifying needs the disputed payment's app and mode. Null when
   * the request is no dispute notice.
   */
  identifyDispute?(request: InboundRequest): { gatewayTransactionId: string } | null;
  /**
   * What names the merchant account a set of credentials opens (Stripe's secret key): two apps
   * with the same account share its balance, payouts and disputes. Default: the credentials
   * themselves.
   */
  accountOf?(credentials: C): string;
  /**
   * How the method it reports with a capture reads as the service's payment method type (apps
   * filter on it); absent: OTHER.
   */
  paymentMethods?: PaymentMethodReading;
  /**
   * True for money paid outside any gateway (a receipt finance records): no fee is booked with
   * its captures and no fee schedule prices it.
   */
  chargesNoFees?: boolean;
  /** Wire fields that carry a secret or a signature: logs redact them. */
  secretWireFields: readonly string[];
  /** Origins the customer's browser may be sent to or post to (the Content-Security-Policy). */
  pageOrigins(env: GatewayEnvironment, config: GatewayConfig): string[];
  /**
   * How its settlement reports are imported for reconciliation; absent when its payments never
   * settle through it (manual receipts).
   */
  settlementReport?: SettlementReportSpec;
  /**
   * Settings that name its sandbox or simulator (TEST only): a LIVE address may never point where
   * one of them does (platform/config/live-hosts.ts).
   */
  sandboxUrlSettings?: readonly string[];
  /** Settings naming its LIVE hosts a deployment may change: each must be fit for real money. */
  liveUrlSettings?: readonly string[];
  /**
   * What in its own settings stops a process from starting (a sandbox secret on LIVE): one line
   * each, starting with the setting's name (platform/config/deployment.ts).
   */
  deploymentProblems?(config: GatewayConfig, env: GatewayEnvironment): string[];
}
