import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

export const WEBHOOK_PATH = '/webhooks';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

interface Delivery {
  type?: string;
  data?: { reference?: string; status?: string };
}

function summarise(body: string, verified: boolean): string {
  let event: Delivery = {};
  try {
    event = JSON.parse(body) as Delivery;
  } catch {
    // still worth a line: the signature check is the point
  }
  const parts = [event.type ?? '(unparseable body)', event.data?.reference ?? '-', event.data?.status ?? '-'];
  return `${parts.join(' ')} verified: ${verified ? 'yes' : 'NO'}`;
}

/**
 * The demo app's webhook endpoint: checks each delivery's Standard Webhooks signature with the
 * app's secret, as an integrating app would, and prints one line per event. An unverified
 * delivery is refused, so the service retries it.
 */
export async function startDemoWebhookReceiver(options: {
  port: number;
  host: string;
  secret: string;
  print: (line: string) => void;
}): Promise<Server> {
  const verifier = new Webhook(options.secret);
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== WEBHOOK_PATH) {
      res.writeHead(404).end();
      return;
    }
    readBody(req).then(
      (body) => {
        let verified = true;
        try {
          verifier.verify(body, headerRecord(req));
        } catch {
          verified = false;
        }
        options.print(summarise(body, verified));
        res.writeHead(verified ? 204 : 400).end();
      },
      () => res.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
