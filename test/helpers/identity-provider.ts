import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { SEEDED_ROLE_GROUPS, seededPeople, type SeededPerson } from '../../scripts/dev/identity-provider.js';
import { startStack, type StackOptions } from './stack.js';

const ROOT = path.resolve(__dirname, '..', '..');

/** A port free right now, for a process that must know its address before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export const TEST_IDP_CLIENT = { id: 'oi-payments-test', secret: 'test client secret of the local provider' };

/** The settings that point a stack at the local provider on `port`. */
export function oidcSettings(port: number): Record<string, string> {
  return {
    OIDC_ISSUER_URL: `http://127.0.0.1:${port}`,
    OIDC_CLIENT_ID: TEST_IDP_CLIENT.id,
    OIDC_CLIENT_SECRET: TEST_IDP_CLIENT.secret,
    OIDC_SCOPES: 'openid email profile groups',
    OIDC_ROLE_GROUPS: SEEDED_ROLE_GROUPS,
    OIDC_DISPLAY_NAME: 'Local IdP',
  };
}

export interface TestIdentityProvider {
  issuer: string;
  close: () => Promise<void>;
}

/**
 * The local identity provider (scripts/dev/identity-provider.ts) in a process of its own, as
 * `npm start` runs it: oidc-provider ships only ES modules, which Node loads natively there.
 */
export async function startTestIdentityProvider(input: {
  port: number;
  redirectUris: string[];
  people: SeededPerson[];
}): Promise<TestIdentityProvider> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/start.cjs', 'scripts/dev/identity-provider-main'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        IDP_PORT: String(input.port),
        IDP_CLIENT_ID: TEST_IDP_CLIENT.id,
        IDP_CLIENT_SECRET: TEST_IDP_CLIENT.secret,
        IDP_REDIRECT_URIS: input.redirectUris.join(','),
        IDP_PEOPLE: JSON.stringify(input.people),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += String(chunk);
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`identity provider did not start: ${errors}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += String(chunk);
      const ready = /ready (\S+)/.exec(out);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`identity provider exited (${code}): ${errors}`));
    });
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A stack whose operators sign in through a local provider of its own that knows `people` (the
 * provider's port is chosen first, for the stack's settings to name it).
 */
export async function startStackWithProvider(people: SeededPerson[], options: StackOptions = {}) {
  const port = await freePort();
  const stack = await startStack({
    ...options,
    configOverrides: { ...oidcSettings(port), ...options.configOverrides },
  });
  try {
    const idp = await startTestIdentityProvider({
      port,
      redirectUris: [`${stack.apiUrl}/admin/oidc/callback`],
      people,
    });
    return { stack, idp };
  } catch (error) {
    await stack.close();
    throw error;
  }
}

/**
 * The seeded people under addresses of this suite's own: suites that share a database each sign
 * their people in through a provider of their own, and one provider's person never takes over an
 * account another provider's person made.
 */
export function suitePeople(password: (email: string) => string): SeededPerson[] {
  const suite = randomBytes(3).toString('hex');
  return seededPeople(password).map((person) => ({
    ...person,
    email: person.email.replace('@', `.${suite}@`),
  }));
}
