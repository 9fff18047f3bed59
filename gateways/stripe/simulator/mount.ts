import { defineSimulatorMount } from '../../simulator-kit/mount.js';
import { createStripeSimulator } from './app.js';

/** The account's test keys: a secret key for the API and the signing secret of our webhook endpoint. */
const ACCOUNT = { secretKey: 'sk_test_oipay_simulator', webhookSecret: 'whsec_oipay_simulator' };

/** Where the simulated account sends its events: our API's Stripe callback route. */
const WEBHOOK_PATH = '/api/v1/gateways/stripe/ipn';

export const simulatorMount = defineSimulatorMount({
  name: 'stripe',
  displayName: 'Stripe',
  urlVariable: 'STRIPE_API_URL',
  pageOriginVariable: 'STRIPE_PAGE_ORIGIN',
  // The SDK's base path `/v1/` is fixed (only host, port and protocol change), so the API is served at the root too.
  rootPaths: ['/v1'],
  credentials: () => ({ ...ACCOUNT }),
  create({ publicUrl, serviceUrl, credentials, now, checkpoint }) {
    const simulator = createStripeSimulator({
      publicUrl,
      now,
      checkpoint,
      secretKeys: [credentials.secretKey],
      webhook: { url: `${serviceUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`, secret: credentials.webhookSecret },
    });
    return {
      app: simulator.app,
      sweep: simulator.sweep,
      reset: simulator.reset,
      faultPanel: simulator.faultPanel,
      persisted: simulator.persisted,
    };
  },
  // The SDK takes a host, not a URL with a path: it calls `<origin>/v1/…`.
  serviceEnvironment: (baseUrl, credentials) => ({
    STRIPE_API_URL: new URL(baseUrl).origin,
    STRIPE_TEST_SECRET_KEY: credentials.secretKey,
    STRIPE_TEST_WEBHOOK_SECRET: credentials.webhookSecret,
  }),
  banner: (baseUrl, credentials) => [
    `secret key ${credentials.secretKey}, webhook secret ${credentials.webhookSecret}`,
    `API at ${new URL(baseUrl).origin}/v1 (as the SDK calls it)`,
  ],
  links: [
    { label: 'faults', path: '/__simulator/faults' },
    { label: 'outages', path: '/__simulator/outages' },
    { label: 'events sent', path: '/__simulator/events' },
    { label: 'payouts', path: '/__simulator/payouts' },
  ],
});
