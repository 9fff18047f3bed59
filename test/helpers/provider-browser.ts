/**
 * What a browser does between the service and the local identity provider, over real HTTP: its
 * cookies per host, redirects followed, the service's continue pages followed, and the provider's
 * sign-in form submitted once with the person's email and password.
 */

type SameSite = 'strict' | 'lax' | 'none';

interface StoredCookie {
  value: string;
  sameSite: SameSite;
}

/**
 * One browser's cookies, per host: enough to follow a sign-in across two origins. Like a browser,
 * on a navigation whose redirects came through another site (here: another host, as a company's
 * identity provider is) it withholds a SameSite=Strict cookie, and a SameSite=Lax one (a cookie
 * that names none is Lax) unless the navigation is a GET. A cookie set empty or already expired is
 * forgotten.
 */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, StoredCookie>>();
  header(url: URL, crossSite = false, method = 'GET'): string {
    return [...(this.byHost.get(url.host) ?? new Map<string, StoredCookie>())]
      .filter(([, cookie]) => {
        if (!crossSite || cookie.sameSite === 'none') return true;
        return cookie.sameSite === 'lax' && method.toUpperCase() === 'GET';
      })
      .map(([k, cookie]) => `${k}=${cookie.value}`)
      .join('; ');
  }
  /** The cookie `name` this browser holds for `url`'s host, with its SameSite as it was set. */
  cookie(url: URL, name: string): StoredCookie | undefined {
    return this.byHost.get(url.host)?.get(name);
  }
  take(url: URL, response: Response): void {
    const jar = this.byHost.get(url.host) ?? new Map<string, StoredCookie>();
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const attribute = (key: string) =>
        attributes
          .map((a) => a.trim())
          .find((a) => a.toLowerCase().startsWith(`${key}=`))
          ?.slice(key.length + 1);
      const sameSite = (attribute('samesite')?.toLowerCase() ?? 'lax') as SameSite;
      const maxAge = attribute('max-age');
      const expires = attribute('expires');
      const gone =
        !value ||
        (maxAge !== undefined && Number(maxAge) <= 0) ||
        (maxAge === undefined && expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) jar.delete(name);
      else
        jar.set(name, { value, sameSite: ['strict', 'lax', 'none'].includes(sameSite) ? sameSite : 'lax' });
    }
    this.byHost.set(url.host, jar);
  }
}

export interface ProviderRoundTrip {
  /** The last answer: its status, address and page. */
  status: number;
  url: URL;
  body: string;
  jar: CookieJar;
  /** Every address the browser went to, in order. */
  visited: URL[];
  /** Every page (an answer that was no redirect) the browser was shown, in order. */
  pages: Array<{ url: URL; status: number; body: string }>;
}

/**
 * Follows `start` as a browser would, signing in at the provider with `email` and `password`.
 * With `stopBefore`, the browser does not go to the first address it matches: that address is the
 * answer's `url` (status 0, no page), as a person who copies a link instead of following it has it.
 */
export async function throughProvider(
  start: URL,
  email: string,
  password: string,
  jar = new CookieJar(),
  options: { stopBefore?: (url: URL) => boolean } = {},
): Promise<ProviderRoundTrip> {
  let url = start;
  let init: RequestInit = {};
  const visited: URL[] = [];
  const pages: ProviderRoundTrip['pages'] = [];
  // The navigation started on the page of this host; a redirect through another host makes it cross-site.
  let initiator = start.host;
  let crossSite = false;
  for (let hop = 0; hop < 20; hop++) {
    if (options.stopBefore?.(url)) return { status: 0, url, body: '', jar, visited, pages };
    visited.push(url);
    crossSite ||= url.host !== initiator;
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: jar.header(url, crossSite, init.method ?? 'GET'),
      },
    });
    jar.take(url, response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      init = {};
      continue;
    }
    // A page's own navigation (a refresh, a form) starts a new one, on the page's site.
    initiator = url.host;
    crossSite = false;
    const body = await response.text();
    pages.push({ url, status: response.status, body });
    const onward = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(body);
    if (onward) {
      url = new URL(onward[1]!.replace(/&amp;/g, '&'), url);
      init = {};
      continue;
    }
    const form = /<form method="post" action="(\/interaction\/[^"]+\/login)"/.exec(body);
    if (form && init.method !== 'POST') {
      url = new URL(form[1]!, url);
      init = {
        method: 'POST',
        body: new URLSearchParams({ login: email, password }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
      continue;
    }
    return { status: response.status, url, body, jar, visited, pages };
  }
  throw new Error('too many redirects');
}
