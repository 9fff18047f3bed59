// Signs a message with the `standardwebhooks` npm package, the library the service signs its
// deliveries with, so the PHP verifier is checked against the real signer rather than against
// itself. Input (argv[2], JSON): { secret, id, timestamp (seconds), body }; output: the signature
// header value.
const { Webhook } = require('standardwebhooks');

const { secret, id, timestamp, body } = JSON.parse(process.argv[2]);
process.stdout.write(new Webhook(secret).sign(id, new Date(timestamp * 1000), body));
