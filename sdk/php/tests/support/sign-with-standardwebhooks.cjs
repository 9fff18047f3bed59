// Signs a message with the `standardwebhooks` npm package, the library the service signs its
// deliveries with, so the PHP verifier is checked against the real signer rather than against
// itself. Input (argv[2], JSON): { secret or secrets, id, timestamp (seconds), body }; output: the
// signature header value. With `secrets`, a list (the endpoint's secret, then the one a rotation
// replaced), each signs and the signatures are space-separated, as activities/webhooks/send.ts
// sends them. With `verifyWith` (a secret), the package verifies the message instead, at this
// machine's time, and prints `verified` or its error's message.
const { Webhook } = require('standardwebhooks');

const { secret, secrets, id, timestamp, body, verifyWith } = JSON.parse(process.argv[2]);
const signature = (secrets ?? [secret])
  .map((each) => new Webhook(each).sign(id, new Date(timestamp * 1000), body))
  .join(' ');
if (verifyWith === undefined) {
  process.stdout.write(signature);
} else {
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature,
  };
  try {
    new Webhook(verifyWith).verify(body, headers);
    process.stdout.write('verified');
  } catch (error) {
    process.stdout.write(error.message);
  }
}
