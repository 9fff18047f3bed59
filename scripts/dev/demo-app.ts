import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { findEndpoint } from '../../db/apps/app-admin.js';
import { findCredentialByKey, registerApp, setWebhookEndpoint } from '../../db/apps/apps.js';
import type { Orm } from '../../platform/orm/orm.js';
import { secretMatches } from '../../domain/apps/credentials.js';
import type { Keyring } from '../../platform/sealing/secret-box.js';
import { signingSecrets } from '../../activities/webhooks/signing-secrets.js';

const DEMO_APP_NAME = 'Demo Store';

const demoAppSchema = z.object({
  appId: z.number().int(),
  name: z.string(),
  test: z.object({ key: z.string(), secret: z.string() }),
  webhook: z.object({ url: z.string(), secret: z.string() }).nullable(),
});

export type DemoApp = z.infer<typeof demoAppSchema>;

export const demoAppFile = (dataDir: string) => path.join(dataDir, 'demo-app.json');

function readSaved(file: string): DemoApp | null {
  try {
    const parsed = demoAppSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function save(file: string, demo: DemoApp): void {
  writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created.
  chmodSync(file, 0o600);
}

/** Saved credentials are reused only if this database still accepts them under this pepper. */
async function stillAccepted(em: EntityManager, demo: DemoApp, pepper: string): Promise<boolean> {
  const found = await findCredentialByKey(em, demo.test.key);
  return Boolean(
    found &&
    found.app.id === demo.appId &&
    found.credential.status === 'ACTIVE' &&
    secretMatches(demo.test.secret, found.credential.secretHash, pepper),
  );
}

/** The saved webhook secret is reused only if the database holds it, sealed under a key we hold. */
async function webhookStillSigned(em: EntityManager, demo: DemoApp, keyring: Keyring): Promise<boolean> {
  const endpoint = await findEndpoint(em, demo.appId, 'TEST');
  if (!endpoint || !demo.webhook) return false;
  try {
    return signingSecrets(endpoint, keyring, new Date()).secret === demo.webhook.secret;
  } catch {
    return false;
  }
}

/**
 * The demo app `npm start` prints credentials for: registered once, then reused from
 * `<dataDir>/demo-app.json` (readable only by its owner: it holds secrets shown nowhere else).
 * Its TEST webhooks go to the launcher's demo receiver.
 */
export async function ensureDemoApp(
  orm: Orm,
  options: { dataDir: string; pepper: string; keyring: Keyring; webhookUrl: string },
): Promise<{ demo: DemoApp; created: boolean }> {
  const file = demoAppFile(options.dataDir);
  const em = () => orm.em.fork() as EntityManager;
  let demo = readSaved(file);
  let created = false;
  if (!demo || !(await stillAccepted(em(), demo, options.pepper))) {
    const registered = await registerApp(em(), { name: DEMO_APP_NAME }, options.pepper);
    const test = registered.credentials.TEST;
    demo = {
      appId: registered.app.id,
      name: registered.app.name,
      test: { key: test.apiKey, secret: test.secret },
      webhook: null,
    };
    created = true;
  }
  if (demo.webhook?.url !== options.webhookUrl || !(await webhookStillSigned(em(), demo, options.keyring))) {
    const endpoint = await setWebhookEndpoint(
      em(),
      { appId: demo.appId, mode: 'TEST', url: options.webhookUrl },
      options.keyring,
    );
    demo = { ...demo, webhook: endpoint };
  }
  save(file, demo);
  return { demo, created };
}
