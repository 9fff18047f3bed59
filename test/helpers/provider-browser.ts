/**
 * What a browser does between the service and the local identity provider, over real HTTP: its
 * cookies per host, redirects followed, the service's continue pages followed, and the provider's
 * sign-in form submitted once with the person's email and password.
 */

/**
 * One browser's cookies, per host: enough to follow a sign-in across two origins. Like a browser,
 * it withholds a SameSite=Strict cookie from a navigation whose redirects came through another
 * site (here: another host, as a company's identity provider is).
 */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, { value: string; strict: boolean }>>();
  header(url: URL, crossSite = false): string {
    return [...(this.byHost.get(url.host) ?? new Map<string, { value: string; strict: boolean }>())]
      .filter(([, cookie]) => !(crossSite && cookie.strict))
      .map(([k, cookie]) => `${k}=${cookie.value}`)
      .join('; ');
  }
  take(url: URL, response: Response): void {
    const jar = this.byHost.get(url.host) ?? new Map<string, { value: string; strict: boolean }>();
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const at = pair!.indexOf('=');
      const strict = attributes.some((a) => a.trim().toLowerCase() === 'samesite=strict');
      jar.set(pair!.slice(0, at).trim(), { value: pair!.slice(at + 1).trim(), strict });
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
}

/** Follows `start` as a browser would, signing in at the provider with `email` and `password`. */
export async function throughProvider(
  start: URL,
  email: string,
  password: string,
  jar = new CookieJar(),
): Promise<ProviderRoundTrip> {
  let url = start;
  let init: RequestInit = {};
  const visited: URL[] = [];
  // The navigation started on the page of this host; a redirect through another host makes it cross-site.
  let initiator = start.host;
  let crossSite = false;
  for (let hop = 0; hop < 20; hop++) {
    visited.push(url);
    crossSite ||= url.host !== initiator;
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url, crossSite) },
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
    return { status: response.status, url, body, jar, visited };
  }
  throw new Error('too many redirects');
}
