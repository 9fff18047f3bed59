import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Arrival {
  type: string;
  receivedAt: number;
}

/**
 * The bench app's webhook endpoint, in this process. Lifecycles wait on it by payment reference
 * (the event body's data.reference); an arrival that beats its waiter is kept until asked for.
 */
export class WebhookReceiver {
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const receivedAt = performance.now();
      res.statusCode = 200;
      res.end();
      this.received += 1;
      try {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          type?: string;
          data?: { reference?: string };
        };
        const reference = event.data?.reference;
        if (reference) this.arrive(reference, { type: event.type ?? 'unknown', receivedAt });
        else this.unmatched += 1;
      } catch {
        this.unmatched += 1;
      }
    });
  });
  private readonly waiters = new Map<string, (arrival: Arrival) => void>();
  private readonly early = new Map<string, Arrival>();
  received = 0;
  unmatched = 0;
  url = '';

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks`;
    return this.url;
  }

  /** Resolves with the first webhook for `reference`, or rejects after `timeoutMs`. */
  waitFor(reference: string, timeoutMs: number): Promise<Arrival> {
    const already = this.early.get(reference);
    if (already) {
      this.early.delete(reference);
      return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(reference);
        reject(new Error('webhook not received in time'));
      }, timeoutMs);
      this.waiters.set(reference, (arrival) => {
        clearTimeout(timer);
        resolve(arrival);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private arrive(reference: string, arrival: Arrival): void {
    const waiter = this.waiters.get(reference);
    if (waiter) {
      this.waiters.delete(reference);
      waiter(arrival);
    } else if (!this.early.has(reference)) {
      this.early.set(reference, arrival);
    }
  }
}
