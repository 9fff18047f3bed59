import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { SEEDED_ROLE_GROUPS, seededPeople, type SeededPerson } from '../../scripts/dev/identity-provider.js';
import { startStack, type StackOptions } from './stack.js';

const ROOT = path.resolve(__dirname, '..', '..');

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
  /** Registers the client's redirect addresses; the provider serves sign-ins from then on. */
  serve: (redirectUris: string[]) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The local identity provider (scripts/dev/identity-provider.ts) in a process of its own, as
 * `npm start` runs it: oidc-provider ships only ES modules, which Node loads natively there. It
 * takes a port of the system's choosing and keeps it, and the client's redirect addresses come
 * after (`serve`), once the stack that names the provider in its settings has started: a port
 * picked free and given back before the provider took it could be taken by another process.
 */
export async function startTestIdentityProvider(input: {
  people: SeededPerson[];
  /** A private JWK the provider signs with, so a test can sign as the provider too. */
  signingKey?: Record<string, unknown>;
}): Promise<TestIdentityProvider> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/start.cjs', 'scripts/dev/identity-provider-main'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        IDP_PORT: '0',
        IDP_CLIENT_ID: TEST_IDP_CLIENT.id,
        IDP_CLIENT_SECRET: TEST_IDP_CLIENT.secret,
        IDP_REDIRECT_URIS: '-',
        IDP_PEOPLE: JSON.stringify(input.people),
        ...(input.signingKey && { IDP_SIGNING_JWK: JSON.stringify(input.signingKey) }),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let errors = '';
  let out = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += String(chunk);
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    out += String(chunk);
  });
  /** Resolves with the first capture of `pattern` on stdout; rejects if the provider exits first. */
  const printed = (pattern: RegExp, what: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`identity provider did not ${what}: ${errors}`)),
        60_000,
      );
      const check = () => {
        const match = pattern.exec(out);
        if (match) finish(null, match[1]);
      };
      const exited = (code: number | null) =>
        finish(new Error(`identity provider exited (${code}): ${errors}`));
      function finish(error: Error | null, value?: string) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.off('exit', exited);
        if (error) reject(error);
        else resolve(value!);
      }
      child.stdout!.on('data', check);
      child.once('exit', exited);
      check();
    });
  const issuer = await printed(/listening (\S+)/, 'take a port');
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return {
    issuer,
    serve: async (redirectUris) => {
      child.stdin!.end(`${redirectUris.join(',')}\n`);
      await printed(/ready (\S+)/, 'start serving');
    },
    close,
  };
}

/**
 * A stack whose operators sign in through a local provider of its own that knows `people` (the
 * provider takes its port first, for the stack's settings to name it).
 */
export async function startStackWithProvider(
  people: SeededPerson[],
  options: StackOptions & { signingKey?: Record<string, unknown> } = {},
) {
  const { signingKey, ...stackOptions } = options;
  const idp = await startTestIdentityProvider({ people, ...(signingKey && { signingKey }) });
  const port = Number(new URL(idp.issuer).port);
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  try {
    stack = await startStack({
      ...stackOptions,
      configOverrides: { ...oidcSettings(port), ...stackOptions.configOverrides },
    });
    await idp.serve([`${stack.apiUrl}/admin/oidc/callback`]);
    return { stack, idp };
  } catch (error) {
    await stack?.close();
    await idp.close();
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
