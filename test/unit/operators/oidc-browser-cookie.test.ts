import type { ApiDeps } from '../../../api/deps.js';
import { oidcBrowserCookieName, oidcBrowserCookieOptions } from '../../../api/admin/oidc-browser.js';

/**
 * The cookie that ties a sign-in through the identity provider to its browser: HttpOnly, Lax (the
 * provider's redirect back is a top-level cross-site GET), Secure with the `__Host-` name whenever
 * the public address is https.
 */
describe('the sign-in browser cookie', () => {
  const at = (PUBLIC_URL: string) => ({ config: { PUBLIC_URL } }) as Pick<ApiDeps, 'config'>;

  it('is Secure under the __Host- name over https, and plain over http (development, tests)', () => {
    expect(oidcBrowserCookieName(at('https://pay.example.com'))).toBe('__Host-oi_oidc_browser');
    expect(oidcBrowserCookieOptions(at('https://pay.example.com'), 600_000)).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/',
      overwrite: true,
      maxAge: 600_000,
    });
    expect(oidcBrowserCookieName(at('http://127.0.0.1:3000'))).toBe('oi_oidc_browser');
    expect(oidcBrowserCookieOptions(at('http://127.0.0.1:3000'), 600_000)).toMatchObject({
      secure: false,
      sameSite: 'lax',
    });
  });
});
