import type { Mode } from '../domain/shared/mode.js';
import type { GatewayEnvironment } from './module.js';

/** A setting, or null when unset or blank. */
export function setting(env: GatewayEnvironment, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

/**
 * Credentials read from `<PREFIX>_<MODE>_<FIELD>` variables (BKASH_TEST_USERNAME): all of them, or
 * null when any is missing, so half-configured credentials never reach a gateway.
 */
export function credentialsFromEnvironment<K extends string>(
  env: GatewayEnvironment,
  prefix: string,
  mode: Mode,
  fields: Record<K, string>,
): Record<K, string> | null {
  const found = {} as Record<K, string>;
  for (const [key, suffix] of Object.entries(fields) as Array<[K, string]>) {
    const value = env[`${prefix}_${mode}_${suffix}`];
    if (!value || !value.trim()) return null;
    found[key] = value.includes('-----BEGIN') ? value.replace(/\\n/g, '\n') : value.trim();
  }
  return found;
}

/** The origin of a URL setting, or null when it is not a URL. */
export function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** A plain wordmark for the checkout's picker (the gateways' own marks are theirs to license). */
export function wordmark(text: string, background: string, foreground = '#ffffff'): string {
  const width = Math.max(72, text.length * 10 + 24);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} 32" width="${width}" height="32" aria-hidden="true">` +
    `<rect width="${width}" height="32" rx="6" fill="${background}"/>` +
    `<text x="${width / 2}" y="21" font-family="system-ui,sans-serif" font-size="15" font-weight="700" fill="${foreground}" text-anchor="middle">${text}</text></svg>`
  );
}
