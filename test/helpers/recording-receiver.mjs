// A webhook receiver for a process of its own (in another network namespace, say): it listens on
// 127.0.0.1:<port>, answers 200, and prints each request as one JSON line (headers and raw body)
// for the test to verify. It prints `listening` once it takes requests.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    process.stdout.write(
      `${JSON.stringify({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })}\n`,
    );
    res.statusCode = 200;
    res.end();
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
