/** Any origin will do: it only lets the URL parser resolve a path the way a browser would. */
const BASE = 'http://return-path.invalid';
const MAX_LENGTH = 2048;
/** Backslashes (browsers read them as slashes) and control characters (browsers drop them). */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f]/;

/**
 * A path inside `area` (such as `/admin/refunds`) that a form may send the operator back to, or
 * `fallback`. The path is resolved the way a browser resolves it (dot segments, `%2e`) and must
 * stay a same-origin path under `area`: `/admin/payments/../..//evil.example` resolves to
 * `//evil.example`, a protocol-relative address on another host, and is refused, as are
 * backslashes (browsers read them as slashes), control characters and encoded slashes.
 */
export function safeReturnPath(value: unknown, area: string, fallback: string): string {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  if (UNSAFE_CHARACTERS.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.hash !== '') return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return fallback;
  }
  // What the path says once decoded must be the same plain path: no empty or dot segments hidden
  // behind an encoding, no backslash.
  if (decoded.includes('//') || UNSAFE_CHARACTERS.test(decoded) || /(^|\/)\.{1,2}(\/|$)/.test(decoded))
    return fallback;
  if (url.pathname !== area && !url.pathname.startsWith(`${area}/`)) return fallback;
  // A flash message belongs to the page that set it, not to the next visit.
  for (const key of ['ok', 'error', 'sig']) url.searchParams.delete(key);
  return url.pathname + url.search;
}
