import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkCause, nodeHttpTransport } from '../../../platform/http/gateway-transport.js';

/** The gateways' default transport against a real local server. */
describe("gateways' HTTP transport", () => {
  let server: Server;
  let base: string;
  const connections = new Set<number>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      connections.add(request.socket.remotePort!);
      if (request.url === '/stall') return; // never answers
      if (request.url === '/stall-body') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"partial":');
        return;
      }
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        response.writeHead(request.url === '/busy' ? 503 : 200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ method: request.method, body, type: request.headers['content-type'] ?? null }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the method, headers and body, and reads the status and text (ä included)', async () => {
    const answer = await nodeHttpTransport(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Rahmän',
      signal: AbortSignal.timeout(5_000),
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(await answer.text())).toEqual({
      method: 'POST',
      body: 'name=Rahmän',
      type: 'application/x-www-form-urlencoded',
    });
    const busy = await nodeHttpTransport(new URL(`${base}/busy`), {
      method: 'GET',
      headers: {},
      signal: AbortSignal.timeout(5_000),
    });
    expect(busy.status).toBe(503);
  });

  it('keeps the connection for the next call', async () => {
    connections.clear();
    for (let i = 0; i < 3; i++) {
      const answer = await nodeHttpTransport(`${base}/echo`, {
        method: 'GET',
        headers: {},
        signal: AbortSignal.timeout(5_000),
      });
      await answer.text();
    }
    expect(connections.size).toBe(1);
  });

  it('gives up when the signal aborts, before the answer or during its body', async () => {
    const headers = AbortSignal.timeout(200);
    await expect(
      nodeHttpTransport(`${base}/stall`, { method: 'GET', headers: {}, signal: headers }),
    ).rejects.toThrow();
    expect(headers.aborted).toBe(true);
    const body = AbortSignal.timeout(300);
    const answer = await nodeHttpTransport(`${base}/stall-body`, {
      method: 'GET',
      headers: {},
      signal: body,
    });
    expect(answer.status).toBe(200);
    await expect(answer.text()).rejects.toThrow();
    expect(body.aborted).toBe(true);
  });

  it("names a refused connection by the socket's code", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await nodeHttpTransport(`http://127.0.0.1:${port}/`, {
      method: 'GET',
      headers: {},
      signal: AbortSignal.timeout(5_000),
    }).catch((caught: unknown) => caught);
    expect(networkCause(error)).toBe('ECONNREFUSED');
    // fetch's form: the code on the cause.
    const viaFetch = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    expect(networkCause(viaFetch)).toBe('fetch failed (ECONNRESET)');
  });
});
