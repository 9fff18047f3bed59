import fc from 'fast-check';
import {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_SETTINGS as settings,
  parseRetryAfter,
  type AttemptOutcome,
} from '../../../sdk/src/retry-policy.js';
import { retryingFetch } from '../../../sdk/src/retrying-fetch.js';
import { OiPaymentsConnectionError } from '../../../sdk/src/errors.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const decide = (outcome: Partial<AttemptOutcome>, random = 0.5) =>
  decideRetry({ attempt: 0, repeatable: true, ...outcome }, settings, random, NOW);

describe('the SDK retry policy', () => {
  it('backs off exponentially with jitter, never past the cap', () => {
    expect(backoffDelay(0, settings, 0)).toBe(250);
    expect(backoffDelay(0, settings, 1)).toBe(500);
    expect(backoffDelay(1, settings, 0)).toBe(500);
    expect(backoffDelay(10, settings, 1)).toBe(settings.maxDelayMs);
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 1, noNaN: true }), (retryIndex, random) => {
        const step = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** retryIndex);
        const delay = backoffDelay(retryIndex, settings, random);
        return delay >= step / 2 - 1 && delay <= step;
      }),
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
  });

  it('retries 429 after exactly Retry-After, even a create without a key', () => {
    expect(decide({ status: 429, retryAfter: '7', repeatable: false })).toEqual({
      retry: true,
      delayMs: 7000,
    });
    expect(decide({ status: 429 })).toEqual({ retry: true, delayMs: backoffDelay(0, settings, 0.5) });
    // Longer than the client waits: the caller gets the 429.
    expect(decide({ status: 429, retryAfter: '120' })).toEqual({ retry: false });
  });

  it('retries 5xx and no answer only for a request that is safe to send twice', () => {
    expect(decide({ status: 503 }).retry).toBe(true);
    expect(decide({ status: 500 }).retry).toBe(true);
    expect(decide({}).retry).toBe(true);
    expect(decide({ status: 503, repeatable: false }).retry).toBe(false);
    expect(decide({ repeatable: false }).retry).toBe(false);
  });

  it('retries 409 only while the same key is still in progress', () => {
    expect(decide({ status: 409, errorCode: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' }).retry).toBe(true);
    expect(decide({ status: 409, errorCode: 'DUPLICATE_ORDER' }).retry).toBe(false);
    expect(decide({ status: 409, errorCode: null }).retry).toBe(false);
  });

  it('never retries a client error or past maxRetries', () => {
    for (const status of [400, 401, 403, 404, 422]) expect(decide({ status }).retry).toBe(false);
    expect(decide({ status: 503, attempt: settings.maxRetries }).retry).toBe(false);
    expect(decide({ status: 503, attempt: settings.maxRetries - 1 }).retry).toBe(true);
  });
});

describe('the retrying fetch', () => {
  const envelope = (status: number, errorCode?: string) =>
    new Response(
      JSON.stringify(
        errorCode ? { data: null, meta: { success: false, errorCode } } : { data: { ok: true }, meta: {} },
      ),
      { status, headers: { 'content-type': 'application/json' } },
    );

  const run = async (answers: Array<Response | Error>, request: Request, maxRetries = 2) => {
    const sent: Request[] = [];
    const waited: number[] = [];
    const fetch = retryingFetch({
      fetch: async (r) => {
        sent.push(r);
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
      retry: { ...settings, maxRetries },
      timeoutMs: 1000,
      sleep: async (ms) => void waited.push(ms),
      random: () => 0,
    });
    return { result: await fetch(request).catch((error: unknown) => error), sent, waited };
  };
  const post = (headers: Record<string, string> = {}) =>
    new Request('http://api.test/api/v1/payments', { method: 'POST', body: '{"amountMinor":1}', headers });

  it('sends the same body and Idempotency-Key on every attempt', async () => {
    const { result, sent, waited } = await run(
      [new TypeError('fetch failed'), envelope(503, 'SERVICE_UNAVAILABLE'), envelope(201)],
      post({ 'Idempotency-Key': 'k-1' }),
    );
    expect((result as Response).status).toBe(201);
    expect(sent.map((r) => r.headers.get('idempotency-key'))).toEqual(['k-1', 'k-1', 'k-1']);
    expect(await Promise.all(sent.map((r) => r.text()))).toEqual(Array(3).fill('{"amountMinor":1}'));
    expect(waited).toEqual([250, 500]);
  });

  it('hands back the last answer once retries are spent, and a connection error when none came', async () => {
    const spent = await run([envelope(503), envelope(503), envelope(502)], post({ 'Idempotency-Key': 'k' }));
    expect((spent.result as Response).status).toBe(502);
    const down = await run([new TypeError('a'), new TypeError('b')], new Request('http://api.test/x'), 1);
    expect(down.result).toBeInstanceOf(OiPaymentsConnectionError);
    expect((down.result as Error).cause).toEqual(new TypeError('b'));
  });

  it('does not resend a POST without a key after no answer: it may have been carried out', async () => {
    const { result, sent } = await run([new TypeError('reset')], post());
    expect(result).toBeInstanceOf(OiPaymentsConnectionError);
    expect(sent).toHaveLength(1);
  });

  it('waits for an in-progress key and returns other 409s at once', async () => {
    const waiting = await run(
      [envelope(409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS'), envelope(201)],
      post({ 'Idempotency-Key': 'k' }),
    );
    expect((waiting.result as Response).status).toBe(201);
    const duplicate = await run([envelope(409, 'DUPLICATE_ORDER')], post({ 'Idempotency-Key': 'k' }));
    expect((duplicate.result as Response).status).toBe(409);
    // The caller still reads the body the policy peeked at.
    expect(await (duplicate.result as Response).json()).toMatchObject({
      meta: { errorCode: 'DUPLICATE_ORDER' },
    });
    expect(duplicate.sent).toHaveLength(1);
  });
});
