import { startIdentityProvider, type SeededPerson } from './identity-provider.js';

/**
 * Runs the local identity provider in a process of its own (the tests start it so): settings from
 * the environment, `ready <issuer>` on stdout once it listens.
 */
async function main(): Promise<void> {
  const env = process.env;
  const provider = await startIdentityProvider({
    port: Number(env.IDP_PORT ?? 0),
    clientId: env.IDP_CLIENT_ID ?? 'oi-payments',
    clientSecret: env.IDP_CLIENT_SECRET ?? 'local-client-secret',
    redirectUris: (env.IDP_REDIRECT_URIS ?? '').split(',').filter(Boolean),
    people: JSON.parse(env.IDP_PEOPLE ?? '[]') as SeededPerson[],
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
