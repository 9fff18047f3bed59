import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../../../domain/apps/credentials.js';
import { exited, startApiProcess } from '../../helpers/api-process.js';
import { startStack, TEST_PEPPER, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Rotating CREDENTIAL_PEPPER against the real API process and PostgreSQL: keys issued under the
 * old pepper (A) keep working once the API starts with the new one (B) and A as previous, each is
 * stored again under B on its first use (once, even when its first uses come side by side), and
 * then works with B alone, A dropped. A key nobody used in the window is refused then.
 */
describe('credential pepper rotation', () => {
  const PEPPER_A = TEST_PEPPER;
  const PEPPER_B = randomBytes(32).toString('base64url');
  let stack: Stack;
  let api: ChildProcess | undefined;
  let base: string;

  /** The real API entry point, started with these peppers, once it listens. */
  async function startApi(peppers: Record<string, string>) {
    ({ child: api, base } = await startApiProcess(stack, peppers));
  }
  async function stopApi() {
    if (api && api.exitCode === null && api.signalCode === null) {
      api.kill('SIGKILL');
      await exited(api);
    }
    api = undefined;
  }
  const whoAmI = (creds: Credentials) =>
    fetch(`${base}/api/v1/app/me`, { headers: { 'x-api-key': creds.key, 'x-api-secret': creds.secret } });
  const storedHash = async (creds: Credentials) => {
    const [row] = await stack
      .em()
      .execute<Array<{ secret_hash: string }>>('select secret_hash from credentials where api_key = ?', [
        creds.key,
      ]);
    return row!.secret_hash;
  };

  beforeAll(async () => {
    stack = await startStack({ worker: false });
  }, 90_000);
  afterAll(async () => {
    await stopApi();
    await stack?.close();
  });

  it('keeps keys issued under the old pepper working, re-hashes each on its use, then works without the old pepper', async () => {
    // Issued while A is the pepper: their hashes are A's.
    const used = await stack.registerApp();
    const busy = await stack.registerApp();
    const unused = await stack.registerApp();
    expect(await storedHash(used.test)).toBe(hashSecret(used.test.secret, PEPPER_A));

    await startApi({ CREDENTIAL_PEPPER: PEPPER_B, CREDENTIAL_PEPPER_PREVIOUS: PEPPER_A });
    const first = await whoAmI(used.test);
    expect(first.status).toBe(200);
    // Stored again under B by that request, before its answer.
    expect(await storedHash(used.test)).toBe(hashSecret(used.test.secret, PEPPER_B));
    expect((await whoAmI(used.test)).status).toBe(200);
    expect(await storedHash(used.test)).toBe(hashSecret(used.test.secret, PEPPER_B));

    // First uses side by side: every one is answered, and the hash ends B's.
    const together = await Promise.all(Array.from({ length: 8 }, () => whoAmI(busy.test)));
    expect(together.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(await storedHash(busy.test)).toBe(hashSecret(busy.test.secret, PEPPER_B));

    // A wrong secret is still refused, under either pepper.
    const wrong = await whoAmI({ ...unused.test, secret: `${unused.test.secret}x` });
    expect(wrong.status).toBe(401);
    expect(await storedHash(unused.test)).toBe(hashSecret(unused.test.secret, PEPPER_A));

    // The window is over: B alone.
    await stopApi();
    await startApi({ CREDENTIAL_PEPPER: PEPPER_B });
    for (const creds of [used.test, busy.test]) expect((await whoAmI(creds)).status).toBe(200);
    // A key nobody used in the window kept A's hash, which B alone does not open.
    const stale = await whoAmI(unused.test);
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { meta: { errorCode: string } }).meta.errorCode).toBe(
      'INVALID_CREDENTIALS',
    );
  }, 180_000);
});
