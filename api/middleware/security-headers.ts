import koaHelmet from 'koa-helmet';
import type { Middleware } from 'koa';
import type { Config } from '../../platform/config/index.js';

type HeaderConfig = Pick<Config, 'PUBLIC_URL'>;

/**
 * Security headers on every response (helmet): a content security policy that allows no framing
 * and lets forms lead only here or to a configured gateway, nosniff, no referrer (checkout URLs
 * carry payment references), and HSTS when the service is served over https.
 */
export function securityHeaders(
  config: HeaderConfig,
  /** Origins a checkout form may lead to: the gateways' hosted pages, reached by redirect. */
  gatewayOrigins: readonly string[],
): Middleware {
  const https = new URL(config.PUBLIC_URL).protocol === 'https:';
  return koaHelmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        // Pages carry their own small stylesheets and a few style attributes; no script is inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Apps' logos live on their own hosts.
        imgSrc: ["'self'", 'data:', 'https:', ...(https ? [] : ['http:'])],
        connectSrc: ["'self'"],
        formAction: ["'self'", ...gatewayOrigins],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}
