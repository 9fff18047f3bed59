import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  startStackWithProvider,
  suitePeople,
  TEST_IDP_CLIENT,
  type TestIdentityProvider,
} from '../../helpers/identity-provider.js';
import type { CookieJar } from '../../helpers/provider-browser.js';
import { throughProvider } from '../../helpers/provider-browser.js';
import type { Stack } from '../../helpers/stack.js';

/**
 * Back-channel logout against the local identity provider (oidc-provider, in its own process),
 * which signs with a key this suite made: a logout token the provider signed ends every session of
 * the person it names at once; one signed by anyone else, for another audience, or without the
 * logout event ends nothing and is answered 400.
 */
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

describe('back-channel logout from the identity provider', () => {
  let stack: Stack;
  let idp: TestIdentityProvider;
  const providerKey = rsaKey();
  const people = suitePeople((email) => `pw of ${email}`);
  const person = (prefix: string) => people.find((p) => p.email.startsWith(prefix))!;

  beforeAll(async () => {
    const jwk = {
      ...providerKey.export({ format: 'jwk' }),
      kid: 'suite-signing-key',
      alg: 'RS256',
      use: 'sig',
    };
    ({ stack, idp } = await startStackWithProvider(people, { worker: false, signingKey: jwk }));
  });
  afterAll(async () => {
    await idp?.close();
    await stack?.close();
  });

  const signedIn = async (email: string, password: string) =>
    (await throughProvider(new URL(`${stack.apiUrl}/admin/oidc/start?next=/admin`), email, password)).jar;
  const sessionStatus = async (jar: CookieJar) =>
    (
      await stack.api('GET', '/api/v1/admin/session', {
        headers: { cookie: jar.header(new URL(stack.apiUrl)) },
      })
    ).status;

  const logoutToken = (
    subject: string,
    options: { key?: KeyObject; audience?: string; events?: Record<string, unknown> } = {},
  ) =>
    new SignJWT({ events: options.events ?? { [LOGOUT_EVENT]: {} }, sid: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: 'suite-signing-key', typ: 'logout+jwt' })
      .setIssuer(idp.issuer)
      .setAudience(options.audience ?? TEST_IDP_CLIENT.id)
      .setSubject(subject)
      .setIssuedAt()
      .setJti(randomUUID())
      .sign(options.key ?? providerKey);

  const sendLogout = (token: string) =>
    fetch(`${stack.apiUrl}/admin/oidc/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: token }),
    });

  it('ends every session of the person the provider names, at once', async () => {
    const ada = person('ada.admin');
    const laptop = await signedIn(ada.email, ada.password);
    const phone = await signedIn(ada.email, ada.password);
    expect([await sessionStatus(laptop), await sessionStatus(phone)]).toEqual([200, 200]);

    const answer = await sendLogout(await logoutToken(ada.email));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect([await sessionStatus(laptop), await sessionStatus(phone)]).toEqual([401, 401]);
    const [audit] = await stack
      .em()
      .execute<Array<{ after: { sessionsEnded: number } }>>(
        `select after from audit_log where action = 'operator.provider_logout' and after ->> 'email' = ? order by id desc limit 1`,
        [ada.email],
      );
    expect(audit!.after.sessionsEnded).toBe(2);
  });

  it('ends nothing for a token the provider did not sign, not meant for this client, or without the logout event', async () => {
    const fay = person('fay.finance');
    const browser = await signedIn(fay.email, fay.password);
    for (const token of [
      await logoutToken(fay.email, { key: rsaKey() }),
      await logoutToken(fay.email, { audience: 'another-client' }),
      await logoutToken(fay.email, { events: { 'http://example.com/other-event': {} } }),
      'not a token',
    ]) {
      const answer = await sendLogout(token);
      expect({ status: answer.status, error: ((await answer.json()) as { error: string }).error }).toEqual({
        status: 400,
        error: 'invalid_request',
      });
    }
    expect(await sessionStatus(browser)).toBe(200);
  });
});
