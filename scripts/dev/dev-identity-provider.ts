import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  SEEDED_ROLE_GROUPS,
  seededPeople,
  startIdentityProvider,
  type IdentityProvider,
  type SeededPerson,
} from './identity-provider.js';

/**
 * `npm start`'s identity provider: the local OpenID Connect provider with one seeded person per
 * role (and a second ADMIN, for four eyes), their random passwords kept in
 * `<dataDir>/identity-provider.json` (readable only by its owner) and printed in the banner.
 */
export const DEV_IDP_CLIENT = { id: 'oi-payments-dev', secret: 'client secret of the development stack' };

const savedSchema = z.record(z.string(), z.string());
export const devIdentityFile = (dataDir: string) => path.join(dataDir, 'identity-provider.json');

function passwordsFor(dataDir: string): (email: string) => string {
  const file = devIdentityFile(dataDir);
  let saved: Record<string, string> = {};
  try {
    saved = savedSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    saved = {};
  }
  let changed = false;
  const password = (email: string) => {
    if (!saved[email]) {
      saved[email] = randomBytes(12).toString('base64url');
      changed = true;
    }
    return saved[email]!;
  };
  seededPeople(password);
  if (changed) {
    writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return (email) => saved[email] ?? '';
}

export async function startDevIdentityProvider(input: {
  dataDir: string;
  port: number;
  host: string;
  publicUrl: string;
}): Promise<{ provider: IdentityProvider; people: SeededPerson[]; env: Record<string, string> }> {
  const people = seededPeople(passwordsFor(input.dataDir));
  const provider = await startIdentityProvider({
    port: input.port,
    host: input.host === '0.0.0.0' ? '127.0.0.1' : input.host,
    clientId: DEV_IDP_CLIENT.id,
    clientSecret: DEV_IDP_CLIENT.secret,
    redirectUris: [new URL('/admin/oidc/callback', input.publicUrl).toString()],
    people,
  });
  return {
    provider,
    people,
    env: {
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: DEV_IDP_CLIENT.id,
      OIDC_CLIENT_SECRET: DEV_IDP_CLIENT.secret,
      OIDC_SCOPES: 'openid email profile groups',
      OIDC_ROLE_GROUPS: SEEDED_ROLE_GROUPS,
      OIDC_DISPLAY_NAME: 'the local identity provider',
    },
  };
}
