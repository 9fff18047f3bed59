import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type ProviderType from 'oidc-provider';

/**
 * A local OpenID Connect provider (oidc-provider) with seeded people, for `npm start` and the tests:
 * the same authorization code + PKCE round trip as Keycloak, Entra ID or Okta, with no
 * configuration. People sign in with their email and password on its own page; their groups go
 * into the ID token, and a person marked `mfa` signs in with `amr: ["pwd", "mfa"]` (the provider's
 * second factor).
 */

export interface SeededPerson {
  email: string;
  password: string;
  name: string;
  groups: string[];
  /** The provider asserts a second factor for this person's sign-ins. */
  mfa: boolean;
  /** Whether the provider says it verified the email (`email_verified`); verified unless false. */
  emailVerified?: boolean;
}

export interface IdentityProviderOptions {
  port: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /**
   * Where the client may be sent back to. A promise when the client's address is known only after
   * the provider has taken its port (a test stack names the provider in its settings first).
   */
  redirectUris: string[] | Promise<string[]>;
  people: SeededPerson[];
  /** Called once the port is held, before the redirect addresses are awaited. */
  onListening?: (issuer: string) => void;
  /** The private key (a JWK) it signs with; a key of its own making when absent. */
  signingKey?: Record<string, unknown>;
}

export interface IdentityProvider {
  issuer: string;
  server: Server;
  close(): Promise<void>;
}

const escape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function loginPage(uid: string, problem: string | null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Identity provider: sign in</title></head>
<body><main style="font-family:sans-serif;max-width:22rem;margin:3rem auto">
<h1>Local identity provider</h1>
${problem ? `<p role="alert" data-testid="idp-error">${escape(problem)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label>Email <input type="email" name="login" autocomplete="username" required autofocus></label></p>
<p><label>Password <input type="password" name="password" autocomplete="current-password" required></label></p>
<p><button type="submit" data-testid="idp-sign-in">Sign in</button></p>
</form></main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

function samePassword(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function startIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  // oidc-provider ships only ES modules; Node loads them here, in a process of its own.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Provider = (require('oidc-provider') as { default: typeof ProviderType }).default;
  const people = new Map(options.people.map((person) => [person.email.toLowerCase(), person]));
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${options.host ?? '127.0.0.1'}:${port}`;
  options.onListening?.(issuer);
  const redirectUris = await options.redirectUris;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    claims: {
      // amr says how the person signed in (a second factor or not): the service reads it.
      openid: ['sub', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    // The groups and email go into the ID token, where the service reads them.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: person.email,
          email_verified: person.emailVerified !== false,
          name: person.name,
          groups: person.groups,
        }),
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['local identity provider of the development stack'] },
    ...(options.signingKey && { jwks: { keys: [options.signingKey] } }),
  });
  // The development stack serves plain http on 127.0.0.1.
  provider.proxy = false;
  const callback = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const { uid, prompt, params, session } = details;
    if (prompt.name === 'consent') {
      // The service is the company's own client: its scopes are granted without asking.
      const grant = new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
      const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    if (req.method === 'POST' && path.endsWith('/login')) {
      const form = await readForm(req);
      const person = people.get((form.get('login') ?? '').trim().toLowerCase());
      if (!person || !samePassword(person.password, form.get('password') ?? '')) {
        res.statusCode = 401;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(loginPage(uid, 'Wrong email or password.'));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: person.email.toLowerCase(), amr: person.mfa ? ['pwd', 'mfa'] : ['pwd'] } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(loginPage(uid, null));
  }

  handler = (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (path.startsWith('/interaction/')) {
      interaction(req, res, path).catch((error: unknown) => {
        res.statusCode = 400;
        res.end(String((error as Error).message));
      });
      return;
    }
    void callback(req, res);
  };

  return {
    issuer,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The people `npm start` and the tests seed: one per role, and a second ADMIN and a second FINANCE
 * person, so every four-eyes act (a refund, a payout, a loosened control) can be asked for by one
 * and decided by another on a laptop.
 */
export function seededPeople(password: (email: string) => string): SeededPerson[] {
  const person = (email: string, name: string, groups: string[], mfa = true): SeededPerson => ({
    email,
    password: password(email),
    name,
    groups,
    mfa,
  });
  return [
    person('ada.admin@oi-payments.local', 'Ada Admin', ['payments-admins']),
    person('ben.admin@oi-payments.local', 'Ben Admin', ['payments-admins']),
    person('fay.finance@oi-payments.local', 'Fay Finance', ['payments-finance']),
    person('finn.finance@oi-payments.local', 'Finn Finance', ['payments-finance']),
    person('dev.developer@oi-payments.local', 'Dev Developer', ['payments-developers']),
    person('sam.support@oi-payments.local', 'Sam Support', ['payments-support']),
    person('vic.viewer@oi-payments.local', 'Vic Viewer', ['payments-viewers'], false),
  ];
}

/** The group mapping that goes with the seeded people (OIDC_ROLE_GROUPS). */
export const SEEDED_ROLE_GROUPS =
  'ADMIN=payments-admins,FINANCE=payments-finance,DEVELOPER=payments-developers,SUPPORT=payments-support,VIEWER=payments-viewers';
