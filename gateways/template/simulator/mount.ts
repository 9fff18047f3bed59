import { randomBytes } from 'node:crypto';
import { defineSimulatorMount } from '../../simulator-kit/mount.js';
import { createTemplateSimulator } from './app.js';

/**
 * How the simulator host (`npm start`, the tests) runs this simulator under `/template`: its
 * credentials, and the settings that point the service at it. A real gateway's mount is listed
 * in gateways/simulator-kit/mounts.ts; the template's is not.
 */
export const simulatorMount = defineSimulatorMount({
  name: 'template',
  displayName: 'Template gateway',
  urlVariable: 'TEMPLATE_SANDBOX_URL',
  pageOriginVariable: 'TEMPLATE_SANDBOX_PAGE_ORIGIN',
  // A real mount keeps them the same for a data directory (simulator-kit/env-file.ts).
  credentials: () => ({
    apiKey: `test_${randomBytes(12).toString('hex')}`,
    webhookSecret: randomBytes(24).toString('hex'),
  }),
  create: ({ publicUrl, credentials }) => createTemplateSimulator({ publicUrl, credentials }),
  serviceEnvironment: (baseUrl, credentials) => ({
    TEMPLATE_SANDBOX_URL: baseUrl,
    TEMPLATE_TEST_API_KEY: credentials.apiKey,
    TEMPLATE_TEST_WEBHOOK_SECRET: credentials.webhookSecret,
  }),
  banner: (_baseUrl, credentials) => [`api key ${credentials.apiKey}`],
  links: [],
});
