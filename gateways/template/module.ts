import { z } from 'zod';
import { credentialsFromEnvironment, originOf, setting, wordmark } from '../environment.js';
import type { GatewayModule } from '../module.js';
import { DESCRIPTION, createTemplateGateway, identifyTemplateInbound } from './client.js';
import { SECRET_FIELDS } from './protocol.js';

/**
 * Everything the service knows of this gateway, in one object: gateways/catalogue.ts lists it (a
 * copy of this template is listed there once it passes the contract suite; the template itself
 * never is), and config, reconciliation and the dashboard read what they need from it.
 *
 * Settings: TEMPLATE_SANDBOX_URL and TEMPLATE_LIVE_URL (hosts), TEMPLATE_SANDBOX_PAGE_ORIGIN,
 * TEMPLATE_<MODE>_API_KEY and TEMPLATE_<MODE>_WEBHOOK_SECRET (the service-wide credentials).
 */

/** An app's own credentials, as an operator types them in (credentialFields below). */
const credentials = z.object({
  apiKey: z.string().trim().min(1).max(256),
  webhookSecret: z.string().trim().min(1).max(256),
});

/** The gateway's published hosts; the settings below may name others (a simulator, a new host). */
const HOSTS = { TEST: 'https://sandbox.gateway.example', LIVE: 'https://api.gateway.example' } as const;
const baseUrl = (env: Record<string, string | undefined>, mode: 'TEST' | 'LIVE') =>
  setting(env, mode === 'TEST' ? 'TEMPLATE_SANDBOX_URL' : 'TEMPLATE_LIVE_URL') ?? HOSTS[mode];
/** Where browsers reach the sandbox's pages when the service reaches it by another name; TEST only. */
const sandboxPageOrigin = (env: Record<string, string | undefined>) =>
  originOf(setting(env, 'TEMPLATE_SANDBOX_PAGE_ORIGIN'));

export const templateModule: GatewayModule<z.infer<typeof credentials>> = {
  // The name apps send as `gateway` and our callback routes carry: lower case, never changed.
  name: 'template',
  displayName: 'Template gateway',
  logoSvg: wordmark('Template', '#555555'),
  description: DESCRIPTION,
  credentialFields: [
    { key: 'apiKey', label: 'API key', secret: true },
    { key: 'webhookSecret', label: 'Webhook signing secret', secret: true },
  ],
  credentials,
  // Apps without their own credentials use these; null keeps the gateway off for them.
  fallbackCredentials: (env, _config, mode) =>
    credentialsFromEnvironment(env, 'TEMPLATE', mode, { apiKey: 'API_KEY', webhookSecret: 'WEBHOOK_SECRET' }),
  create: ({ credentials: c, mode, env }) => {
    const pageOrigin = mode === 'TEST' ? sandboxPageOrigin(env) : null;
    return createTemplateGateway({
      ...c,
      baseUrl: baseUrl(env, mode),
      pageOrigins: pageOrigin ? [pageOrigin] : [],
    });
  },
  identify: identifyTemplateInbound,
  secretWireFields: SECRET_FIELDS,
  pageOrigins: (env) =>
    [baseUrl(env, 'TEST'), baseUrl(env, 'LIVE'), sandboxPageOrigin(env)]
      .map(originOf)
      .filter((origin): origin is string => origin !== null),
  // Its words for the method a payment used, read into the service's types; absent: OTHER.
  paymentMethods: { table: { CARD: 'CARD', WALLET: 'MOBILE_BANKING' }, key: 'whole' },
  // A layout (gateways/<name>/settlement-report.ts) when its merchant panel exports a report file;
  // null when its lines come in the canonical layout only. Leave the field out if it never settles.
  settlementReport: { layout: null },
  // The sandbox settings may never be where a LIVE address points; each LIVE host must be fit for
  // real money (platform/config/live-hosts.ts checks both at start-up).
  sandboxUrlSettings: ['TEMPLATE_SANDBOX_URL', 'TEMPLATE_SANDBOX_PAGE_ORIGIN'],
  liveUrlSettings: ['TEMPLATE_LIVE_URL'],
  // Settings that must stop start-up (a sandbox secret on LIVE), one line each naming the setting.
  deploymentProblems: (_config, env) =>
    setting(env, 'TEMPLATE_LIVE_API_KEY')?.startsWith('test_')
      ? ['TEMPLATE_LIVE_API_KEY: is a sandbox key; LIVE needs a live one']
      : [],
};
