#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { listen, ListenFailure } from '../listen/listen.js';
import { listenSigningSecret } from '../listen/signing-secret.js';

const USAGE = `Usage: oi-payments listen --forward-to <url> [options]

Follows your app's TEST events on the service and posts each to <url>, signed as the
webhook would be (Standard Webhooks). Needs only the app's TEST credentials.

Options (or environment variables):
  --forward-to <url>        where to post each event, e.g. http://localhost:4000/webhooks
  --base-url <url>          the service's address                  OI_PAYMENTS_URL
  --api-key <key>           the app's TEST key (oi_test_…)         OI_API_KEY
  --api-secret <secret>     its secret                             OI_API_SECRET
  --signing-secret <whsec>  sign with this secret instead of the   OI_LISTEN_SIGNING_SECRET
                            one derived from your API secret
  --events <types>          only these types, comma separated
  --after <evt_…>           replay the events after this one first
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'listen')
    fail(command === undefined || command === '--help' ? USAGE : `Unknown command ${command}\n\n${USAGE}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      'forward-to': { type: 'string' },
      'base-url': { type: 'string' },
      'api-key': { type: 'string' },
      'api-secret': { type: 'string' },
      'signing-secret': { type: 'string' },
      events: { type: 'string' },
      after: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) fail(USAGE);
  const env = process.env;
  const forwardTo = values['forward-to'] ?? fail(`--forward-to is required\n\n${USAGE}`);
  const baseUrl = values['base-url'] ?? env.OI_PAYMENTS_URL ?? fail('Give --base-url or OI_PAYMENTS_URL');
  const apiKey = values['api-key'] ?? env.OI_API_KEY ?? fail('Give --api-key or OI_API_KEY');
  const apiSecret = values['api-secret'] ?? env.OI_API_SECRET ?? fail('Give --api-secret or OI_API_SECRET');
  const given = values['signing-secret'] ?? env.OI_LISTEN_SIGNING_SECRET;
  if (given !== undefined && !given.startsWith('whsec_')) fail('--signing-secret must be a whsec_… secret');
  for (const url of [forwardTo, baseUrl]) {
    try {
      new URL(url);
    } catch {
      fail(`Not a URL: ${url}`);
    }
  }
  const base = new URL(baseUrl);
  if (base.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(base.hostname)) {
    process.stderr.write(`Warning: ${base.origin} is plain http; your API secret travels unencrypted.\n`);
  }

  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  try {
    await listen({
      baseUrl,
      apiKey,
      apiSecret,
      forwardTo,
      signingSecret: given ?? listenSigningSecret(apiSecret),
      showSecret: given === undefined,
      types: values.events
        ?.split(',')
        .map((type) => type.trim())
        .filter(Boolean),
      after: values.after ?? null,
      signal: stop.signal,
      print: (line) => process.stdout.write(`${line}\n`),
      printError: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if (error instanceof ListenFailure) fail(error.message);
    throw error;
  }
  // Stopped (^C): idle keep-alive sockets must not hold the process.
  process.exit(0);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
