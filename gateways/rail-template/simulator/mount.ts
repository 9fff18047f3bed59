import { defineSimulatorMount } from '../../simulator-kit/mount.js';
import { createTemplateRailSimulator } from './app.js';

/**
 * How the simulator host (`npm start`, the tests) runs this rail's simulator under
 * `/template-rail`: its sandbox credentials (the same every start, as a sandbox account's are), and
 * the settings that point the service's TEST rail at it. The module (../module.ts) carries it, so a
 * rail listed in gateways/payouts/registry.ts is served by `npm start`; the template is listed
 * nowhere.
 */
const SANDBOX_ACCOUNT = {
  apiKey: 'oipay_template_rail',
  apiSecret: 'oipay_template_rail_secret',
};

export const simulatorMount = defineSimulatorMount({
  name: 'template-rail',
  displayName: 'Template rail',
  urlVariable: 'TEMPLATE_RAIL_SANDBOX_URL',
  // A rail has no pages a browser is sent to; the host still names where they would be.
  pageOriginVariable: 'TEMPLATE_RAIL_SANDBOX_PAGE_ORIGIN',
  credentials: () => ({ ...SANDBOX_ACCOUNT }),
  create: ({ credentials, now }) => createTemplateRailSimulator({ credentials, now }),
  serviceEnvironment: (baseUrl, credentials) => ({
    TEMPLATE_RAIL_SANDBOX_URL: baseUrl,
    TEMPLATE_RAIL_TEST_API_KEY: credentials.apiKey,
    TEMPLATE_RAIL_TEST_API_SECRET: credentials.apiSecret,
  }),
  banner: (_baseUrl, credentials) => [`api key ${credentials.apiKey}, secret ${credentials.apiSecret}`],
  links: [
    { label: 'transfers (its own ledger)', path: '/__simulator/transfers' },
    { label: 'balance', path: '/__simulator/balance' },
    { label: 'faults', path: '/__simulator/faults' },
    { label: 'outages', path: '/__simulator/outages' },
  ],
});
