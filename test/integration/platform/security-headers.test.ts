import { startStack, type Stack } from '../../helpers/stack.js';

/** Headers a browser enforces, and client addresses nobody can choose. */
describe('HTTP hardening', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack.close());

  it.each([
    ['the API', '/api/v1/openapi.json'],
    ['an error', '/api/v1/payments'],
    ['the docs', '/docs'],
    ['the sign-in page', '/admin/sign-in'],
    ['a checkout page', '/checkout/pay_unknown0000000000000'],
  ])('%s carries the security headers', async (_what, path) => {
    const response = await stack.api('GET', path);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`form-action 'self' ${new URL(stack.simulatorUrl).origin}`);
    expect(csp).toContain("default-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    // Served over http here, so no HSTS (it would pin a host that has no https).
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends HSTS when the public URL is https', async () => {
    const https = await startStack({
      worker: false,
      configOverrides: { PUBLIC_URL: 'https://pay.example.com' },
    });
    try {
      const response = await https.api('GET', '/health');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    } finally {
      await https.close();
    }
  });

  const auditIpOfSignIn = async (target: Stack, forwardedFor: string) => {
    const op = await target.createOperator('VIEWER');
    const response = await target.api('POST', '/api/v1/admin/session', {
      body: { email: op.email, password: op.password },
      headers: { 'x-forwarded-for': forwardedFor },
    });
    expect(response.status).toBe(201);
    const [entry] = await target
      .em()
      .execute<Array<{ ip: string | null }>>(
        "select ip from audit_log where action = 'operator.login' and actor_id = ? order by id desc limit 1",
        [String(op.id)],
      );
    return entry?.ip;
  };

  it('ignores X-Forwarded-For unless proxies are trusted, so audit IPs cannot be forged', async () => {
    const ip = await auditIpOfSignIn(stack, '6.6.6.6');
    expect(ip).not.toBe('6.6.6.6');
    expect(ip).toMatch(/127\.0\.0\.1/);
  });

  it('behind one trusted proxy, takes the address that proxy saw, not one the client prepended', async () => {
    const proxied = await startStack({ worker: false, configOverrides: { TRUSTED_PROXY_HOPS: '1' } });
    try {
      expect(await auditIpOfSignIn(proxied, '6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    } finally {
      await proxied.close();
    }
  });

  it('serves /metrics only to the bearer of METRICS_TOKEN when one is set, and without one not at all outside the development stack, whatever NODE_ENV says', async () => {
    const guarded = await startStack({
      worker: false,
      configOverrides: { METRICS_TOKEN: 'metrics-token-0123456789' },
    });
    try {
      const anonymous = await guarded.api('GET', '/metrics');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/Bearer/);
      const wrong = await guarded.api('GET', '/metrics', { headers: { authorization: 'Bearer nope' } });
      expect(wrong.status).toBe(401);
      const scraped = await guarded.api('GET', '/metrics', {
        headers: { authorization: 'Bearer metrics-token-0123456789' },
      });
      expect(scraped.status).toBe(200);
      expect(String(scraped.body)).toContain('http_request_duration_seconds');
    } finally {
      await guarded.close();
    }
    for (const NODE_ENV of ['development', 'test', 'production']) {
      const deployment = await startStack({
        worker: false,
        configOverrides: { OI_PAYMENTS_STACK: '', NODE_ENV },
      });
      try {
        expect((await deployment.api('GET', '/metrics')).status).toBe(404);
      } finally {
        await deployment.close();
      }
    }
  });
});
