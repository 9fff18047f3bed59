import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { sendSignedWebhook, type SignedDelivery } from '../../webhooks/send.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER_SECRET = 'whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXk=';

describe('sending a signed webhook', () => {
  let server: Server;
  let port: number;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = req.url === '/gone' ? 410 : 200;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    received.length = 0;
  });

  const delivery = (url: string, overrides: Partial<SignedDelivery> = {}): SignedDelivery => ({
    url,
    secrets: [SECRET],
    eventId: 'evt_test_1',
    body: JSON.stringify({ id: 'evt_test_1', type: 'payment.succeeded' }),
    sentAt: new Date(),
    timeoutMs: 15_000,
    ...overrides,
  });
  const headersOf = (h: IncomingHttpHeaders) => ({
    'webhook-id': String(h['webhook-id']),
    'webhook-timestamp': String(h['webhook-timestamp']),
    'webhook-signature': String(h['webhook-signature']),
  });

  it.each([
    ['loopback by address', () => `http://127.0.0.1:${port}/hook`],
    ['loopback by name, refused after DNS resolution', () => `http://localhost:${port}/hook`],
    ['IPv6 loopback', () => `http://[::1]:${port}/hook`],
    ['private', () => 'http://10.0.0.7/hook'],
    ['private 192.168', () => 'http://192.168.1.1/hook'],
    ['carrier-grade NAT', () => 'http://100.64.0.1/hook'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 cloud metadata (unique-local)', () => 'http://[fd00:ec2::254]/'],
    ['IPv6 link-local', () => 'http://[fe80::1]/'],
    ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${port}/hook`],
    ['unspecified', () => `http://0.0.0.0:${port}/hook`],
  ])('refuses an internal address: %s', async (_name, url) => {
    const outcome = await sendSignedWebhook(delivery(url()));
    expect(outcome.statusCode).toBeNull();
    expect(outcome.error).toMatch(/^Refused: the endpoint resolves to an internal address/);
    expect(received).toHaveLength(0);
  });

  it('reaches private addresses only when allowed, signed per Standard Webhooks', async () => {
    const outcome = await sendSignedWebhook(
      delivery(`http://localhost:${port}/hook`, { allowPrivateNetworks: true }),
    );
    expect(outcome).toMatchObject({ statusCode: 200, error: null });
    expect(received).toHaveLength(1);
    const payload = new Webhook(SECRET).verify(received[0]!.body, headersOf(received[0]!.headers));
    expect(payload).toMatchObject({ id: 'evt_test_1' });
    expect(received[0]!.headers['content-type']).toBe('application/json');
  });

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/'])(
    'never reaches cloud metadata, even where private networks are allowed: %s',
    async (url) => {
      const outcome = await sendSignedWebhook(delivery(url, { allowPrivateNetworks: true }));
      expect(outcome.statusCode).toBeNull();
      expect(outcome.error).toMatch(/^Refused: .*metadata/);
    },
  );

  it('carries one signature per secret, each verifiable on its own', async () => {
    await sendSignedWebhook(
      delivery(`http://127.0.0.1:${port}/hook`, {
        allowPrivateNetworks: true,
        secrets: [SECRET, OTHER_SECRET],
      }),
    );
    const headers = headersOf(received[0]!.headers);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(SECRET).verify(received[0]!.body, headers)).not.toThrow();
    expect(() => new Webhook(OTHER_SECRET).verify(received[0]!.body, headers)).not.toThrow();
  });

  it('reports the status code and failures as outcomes, never throws', async () => {
    const gone = await sendSignedWebhook(
      delivery(`http://127.0.0.1:${port}/gone`, { allowPrivateNetworks: true }),
    );
    expect(gone.statusCode).toBe(410);
    const refused = await sendSignedWebhook(
      delivery('http://127.0.0.1:1/hook', { allowPrivateNetworks: true }),
    );
    expect(refused).toMatchObject({ statusCode: null, error: 'ECONNREFUSED' });
    const invalid = await sendSignedWebhook(delivery('ftp://example.com/hook'));
    expect(invalid.statusCode).toBeNull();
    expect(invalid.error).toMatch(/http or https/);
  });
});
