import { z } from 'zod';
import type { GatewayModule } from '../module.js';
import { credentialsFromEnvironment, originOf, setting, wordmark } from '../environment.js';
import { DESCRIPTION, createStripeGateway } from './client.js';
import { identifyStripeDispute, identifyStripeInbound, isIgnoredStripeEvent } from './inbound.js';
import { CHECKOUT_ORIGIN, SIGNATURE_HEADER } from './protocol.js';
import { stripeKeyModeProblem } from './key-mode.js';
import type { Mode } from '../../domain/shared/mode.js';
import { STRIPE_PAYMENT_METHODS } from './method-types.js';

const credentials = z.object({
  secretKey: z
    .string()
    .trim()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'a secret or restricted key (sk_… or rk_…)'),
  webhookSecret: z
    .string()
    .trim()
    .regex(/^whsec_[A-Za-z0-9+/=_]+$/, "the webhook endpoint's signing secret (whsec_…)"),
});

/**
 * Where the SDK sends its calls: Stripe's own API, unless STRIPE_API_URL names another (a
 * simulator) for TEST. LIVE always calls Stripe itself: a LIVE checkout can never "succeed"
 * against a simulator.
 */
export function stripeApiHost(env: Record<string, string | undefined>, mode: Mode) {
  const configured = mode === 'TEST' ? setting(env, 'STRIPE_API_URL') : null;
  if (!configured) return {};
  const url = new URL(configured);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    protocol: url.protocol === 'http:' ? ('http' as const) : ('https' as const),
  };
}

/**
 * Where browsers reach Checkout's pages when the service reaches STRIPE_API_URL by another name
 * (the simulator behind Docker Compose); like STRIPE_API_URL, for TEST only.
 */
const pageOrigin = (env: Record<string, string | undefined>) => originOf(setting(env, 'STRIPE_PAGE_ORIGIN'));

/** Stripe Checkout; settings STRIPE_API_URL, STRIPE_PAGE_ORIGIN, STRIPE_<MODE>_{SECRET_KEY,WEBHOOK_SECRET}. */
export const stripeModule: GatewayModule<z.infer<typeof credentials>> = {
  name: 'stripe',
  displayName: 'Card (Stripe)',
  logoSvg: wordmark('stripe', '#635bff'),
  description: DESCRIPTION,
  credentialFields: [
    { key: 'secretKey', label: 'Secret key', secret: true, hint: 'sk_test_… in TEST, sk_live_… in LIVE' },
    {
      key: 'webhookSecret',
      label: 'Webhook signing secret',
      secret: true,
      hint: 'Of an endpoint at <PUBLIC_URL>/api/v1/gateways/stripe/ipn',
    },
  ],
  credentials,
  modeIssues: (c, mode) => {
    const problem = stripeKeyModeProblem(c.secretKey, mode);
    return problem ? [{ field: 'secretKey', message: problem }] : [];
  },
  fallbackCredentials: (env, _config, mode) =>
    credentialsFromEnvironment(env, 'STRIPE', mode, {
      secretKey: 'SECRET_KEY',
      webhookSecret: 'WEBHOOK_SECRET',
    }),
  create: ({ credentials: c, env, mode }) => {
    const pages = mode === 'TEST' ? pageOrigin(env) : null;
    return createStripeGateway({ ...c, ...stripeApiHost(env, mode), pageOrigins: pages ? [pages] : [] });
  },
  identify: identifyStripeInbound,
  ignores: isIgnoredStripeEvent,
  identifyDispute: identifyStripeDispute,
  // A restricted key (rk_…) of the same account reads the same balance; the key names it.
  accountOf: (c) => c.secretKey,
  paymentMethods: STRIPE_PAYMENT_METHODS,
  secretWireFields: [SIGNATURE_HEADER],
  pageOrigins: (env) =>
    [CHECKOUT_ORIGIN, setting(env, 'STRIPE_API_URL'), pageOrigin(env)]
      .map(originOf)
      .filter((origin): origin is string => origin !== null),
  // Its lines come from its API (gateways/stripe/settlements.ts); a file of them is canonical.
  settlementReport: { layout: null },
  sandboxUrlSettings: ['STRIPE_API_URL', 'STRIPE_PAGE_ORIGIN'],
  // A key of the other mode in the service-wide settings (an app's own are checked where saved).
  deploymentProblems: (_config, env) =>
    (['TEST', 'LIVE'] as const satisfies readonly Mode[]).flatMap((mode) => {
      const name = `STRIPE_${mode}_SECRET_KEY`;
      const value = env[name]?.trim();
      const problem = value ? stripeKeyModeProblem(value, mode) : null;
      return problem ? [`${name}: ${problem}`] : [];
    }),
};
