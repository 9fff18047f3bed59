import {
  freePort,
  oidcSettings,
  startTestIdentityProvider,
  suitePeople,
} from '../helpers/identity-provider.js';
import { throughProvider, type CookieJar } from '../helpers/provider-browser.js';
import { startStack, type Stack } from '../helpers/stack.js';

/**
 * Operators sign in through the identity provider (the local oidc-provider, in its own process):
 * authorization code with PKCE, over real HTTP, the role from the person's groups at every sign-in,
 * the provider's second factor accepted, and a refused round trip leaves no session.
 */
describe('sign-in through the identity provider', () => {
  let stack: Stack;
  let idp: Awaited<ReturnType<typeof startTestIdentityProvider>>;
  const people = suitePeople((email) => `pw of ${email}`);
  const person = (prefix: string) => people.find((p) => p.email.startsWith(prefix))!;

  beforeAll(async () => {
    const port = await freePort();
    stack = await startStack({ worker: false, configOverrides: oidcSettings(port) });
    idp = await startTestIdentityProvider({
      port,
      redirectUris: [`${stack.apiUrl}/admin/oidc/callback`],
      people,
    });
  });
  afterAll(async () => {
    await idp?.close();
    await stack?.close();
  });

  const signInThroughProvider = (email: string, password: string) =>
    throughProvider(new URL(`${stack.apiUrl}/admin/oidc/start?next=/admin/payments`), email, password);

  const sessionOf = async (jar: CookieJar) => {
    const api = new URL(stack.apiUrl);
    return stack.api('GET', '/api/v1/admin/session', { headers: { cookie: jar.header(api) } });
  };

  it('an ADMIN of the provider lands on the dashboard as ADMIN, with the provider’s second factor', async () => {
    const ada = person('ada.admin');
    const landed = await signInThroughProvider(ada.email, ada.password);
    expect(landed.url.pathname).toBe('/admin/payments');
    expect(landed.status).toBe(200);
    const session = await sessionOf(landed.jar);
    expect(session.status).toBe(200);
    expect(session.body.data.operator).toMatchObject({ email: ada.email, role: 'ADMIN' });
    // The provider asserted a second factor: no TOTP enrolment is owed here.
    expect(session.body.data.mustEnrolSecondFactor).toBe(false);
    const [row] = await stack.em().execute<Array<{ oidc_subject: string; second_factor_source: string }>>(
      `select o.oidc_subject, s.second_factor_source from operators o
           join operator_sessions s on s.operator_id = o.id where o.email = ? order by s.created_at desc limit 1`,
      [ada.email],
    );
    expect(row).toEqual({ oidc_subject: ada.email, second_factor_source: 'IDP' });
  });

  it('roles follow the provider’s groups at each sign-in', async () => {
    const fay = person('fay.finance');
    const first = await signInThroughProvider(fay.email, fay.password);
    expect((await sessionOf(first.jar)).body.data.operator.role).toBe('FINANCE');
    // Someone changed the operator's role here: the provider's groups win at the next sign-in.
    await stack.em().execute("update operators set role = 'VIEWER' where email = ?", [fay.email]);
    const again = await signInThroughProvider(fay.email, fay.password);
    expect((await sessionOf(again.jar)).body.data.operator.role).toBe('FINANCE');
  });

  it('a wrong password at the provider, or a forged callback, signs no one in', async () => {
    const ben = person('ben.admin');
    const wrong = await signInThroughProvider(ben.email, 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong email or password');
    expect((await sessionOf(wrong.jar)).status).toBe(401);

    const forged = await fetch(`${stack.apiUrl}/admin/oidc/callback?code=made-up&state=made-up`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.getSetCookie().join(';')).not.toMatch(/oi_admin_session=[^;]/);
  });
});
