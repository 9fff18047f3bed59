import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The chaos app's webhook endpoint: which events arrived, and how often each did. */
export class ChaosReceiver {
  /** event id -> deliveries received */
  readonly deliveries = new Map<string, number>();
  /** payment reference -> event types received */
  readonly byReference = new Map<string, Set<string>>();
  /** Deliveries answered 503 while the endpoint was down. */
  refused = 0;
  url = '';
  private downUntil = 0;
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (Date.now() < this.downUntil) {
        this.refused += 1;
        res.writeHead(503).end();
        return;
      }
      res.statusCode = 200;
      res.end();
      const id = String(req.headers['webhook-id'] ?? '');
      this.deliveries.set(id, (this.deliveries.get(id) ?? 0) + 1);
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          type?: string;
          data?: { reference?: string };
        };
        const reference = event.data?.reference;
        if (reference) {
          const types = this.byReference.get(reference) ?? new Set<string>();
          types.add(event.type ?? 'unknown');
          this.byReference.set(reference, types);
        }
      } catch {
        // counted by id above
      }
    });
  });

  /** The app is down for `forMs`: every delivery meanwhile is answered 503 and not counted. */
  takeDown(forMs: number): void {
    this.downUntil = Date.now() + forMs;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
