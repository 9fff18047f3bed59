import { startProxiedApi } from '../../helpers/proxied-stack.js';
import type { Stack } from '../../helpers/stack.js';

/**
 * X-Forwarded-For is believed only on a connection from the proxy (TRUSTED_PROXY_ADDRESSES). This
 * holds the API's side of the rule: a client that reaches the API's port itself, writing a new
 * address on every request, is still one client to the sign-in limit and the audit. The proxy's
 * side, compose's own Caddy file run in front of the API, is test/integration/tooling/compose-proxy.test.ts.
 */
describe('X-Forwarded-For from anyone but the proxy', () => {
  const signInLimit = 20;
  const attempts = 25;

  /** Wrong passwords for one operator, each request claiming another client address. */
  async function wrongPasswords(stack: Stack, count: number) {
    const op = await stack.createOperator('VIEWER');
    const statuses: number[] = [];
    for (let i = 1; i <= count; i += 1) {
      const response = await stack.api('POST', '/api/v1/admin/session', {
        body: { email: op.email, password: 'not the password' },
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      statuses.push(response.status);
    }
    const ips = await stack
      .em()
      .execute<Array<{ ip: string | null }>>(
        "select distinct ip from audit_log where action = 'operator.login_failed' and target_id = ?",
        [op.email],
      );
    return { statuses, ips: ips.map((row) => row.ip) };
  }

  describe('the API behind a proxy at another address', () => {
    let stack: Stack;
    beforeAll(async () => {
      // The proxy is elsewhere: this test's connections come from 127.0.0.1, as a client's that
      // reached the published port would.
      stack = await startProxiedApi('10.255.255.10', signInLimit);
    });
    afterAll(() => stack.close());

    it("limits by the peer's own address: rotating X-Forwarded-For does not reset the limits", async () => {
      const { statuses, ips } = await wrongPasswords(stack, attempts);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(attempts - signInLimit);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      // The audit saw the connection's address, never a forged one.
      expect(ips.length).toBeGreaterThan(0);
      for (const ip of ips) expect(ip).toMatch(/127\.0\.0\.1/);
    });
  });

  describe('the same requests from the proxy itself', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startProxiedApi('127.0.0.1', signInLimit);
    });
    afterAll(() => stack.close());

    it('are believed: each is the client the proxy named (the proxy overwrites what a client sent)', async () => {
      const { statuses, ips } = await wrongPasswords(stack, 5);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      expect(ips).toHaveLength(5);
      for (const ip of ips) expect(ip).toMatch(/^198\.51\.100\.\d+$/);
    });
  });
});
