import { startStack } from './stack.js';

/**
 * An API without a worker that believes X-Forwarded-For from one proxy hop at `proxyAddress`
 * alone, and allows `signInLimit` sign-in attempts a minute from each client.
 */
export function startProxiedApi(proxyAddress: string, signInLimit: number) {
  return startStack({
    worker: false,
    configOverrides: {
      TRUSTED_PROXY_HOPS: '1',
      TRUSTED_PROXY_ADDRESSES: proxyAddress,
      RATE_LIMIT_SIGN_IN_PER_MINUTE: String(signInLimit),
    },
  });
}
