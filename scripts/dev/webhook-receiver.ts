import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { RECEIVED_KEPT, renderReceivedPage, type ReceivedDelivery } from './webhook-receiver-page.js';

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

function received(body: string, verified: boolean, at: Date): ReceivedDelivery {
  let event: Delivery = {};
  let shown = body;
  try {
    event = JSON.parse(body) as Delivery;
    shown = JSON.stringify(event, null, 2);
  } catch {
    // still worth a line: the signature check is the point
  }
  return {
    receivedAt: at,
    type: event.type ?? '(unparseable body)',
    reference: event.data?.reference ?? '-',
    status: event.data?.status ?? '-',
    verified,
    body: shown,
  };
}

function summarise(delivery: ReceivedDelivery): string {
  const parts = [delivery.type, delivery.reference, delivery.status];
  return `${parts.join(' ')} verified: ${delivery.verified ? 'yes' : 'NO'}`;
}

/**
 * The demo app's webhook endpoint: checks each delivery's Standard Webhooks signature with the
 * app's secret, as an integrating app would, and prints one line per event. An unverified
 * delivery is refused, so the service retries it. Opened in a browser (GET), the same URL lists
 * what it received.
 */
export async function startDemoWebhookReceiver(options: {
  port: number;
  host: string;
  secret: string;
  print: (line: string) => void;
}): Promise<Server> {
  const verifier = new Webhook(options.secret);
  const deliveries: ReceivedDelivery[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    if (req.method === 'GET' && (path === WEBHOOK_PATH || path === '/')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(renderReceivedPage(deliveries));
      return;
    }
    if (req.method !== 'POST' || path !== WEBHOOK_PATH) {
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
        const delivery = received(body, verified, new Date());
        deliveries.unshift(delivery);
        deliveries.splice(RECEIVED_KEPT);
        options.print(summarise(delivery));
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
