import { createInterface } from 'node:readline';
import { startIdentityProvider, type SeededPerson } from './identity-provider.js';

const addressList = (value: string) =>
  value
    .split(',')
    .map((uri) => uri.trim())
    .filter(Boolean);

/** The first line of stdin: the redirect addresses of a client that starts after the provider. */
function redirectUrisFromStdin(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: process.stdin });
    lines.once('line', (line) => {
      resolve(addressList(line));
      lines.close();
    });
    lines.once('close', () => reject(new Error('stdin closed before the redirect addresses came')));
  });
}

/**
 * Runs the local identity provider in a process of its own (the tests start it so): settings from
 * the environment, `listening <issuer>` on stdout once it holds its port, `ready <issuer>` once it
 * serves. With IDP_REDIRECT_URIS=- the redirect addresses come as the first line of stdin, so a
 * client can be started against the provider's port without that port ever being given up.
 */
async function main(): Promise<void> {
  const env = process.env;
  const redirectUris = env.IDP_REDIRECT_URIS ?? '';
  const provider = await startIdentityProvider({
    port: Number(env.IDP_PORT ?? 0),
    clientId: env.IDP_CLIENT_ID ?? 'oi-payments',
    clientSecret: env.IDP_CLIENT_SECRET ?? 'local-client-secret',
    redirectUris: redirectUris === '-' ? redirectUrisFromStdin() : addressList(redirectUris),
    people: JSON.parse(env.IDP_PEOPLE ?? '[]') as SeededPerson[],
    onListening: (issuer) => process.stdout.write(`listening ${issuer}\n`),
    ...(env.IDP_SIGNING_JWK && { signingKey: JSON.parse(env.IDP_SIGNING_JWK) as Record<string, unknown> }),
  });
  process.stdout.write(`ready ${provider.issuer}\n`);
  const stop = () => void provider.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
