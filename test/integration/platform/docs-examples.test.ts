import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { GUIDE_SLUGS, loadGuides } from '../../../api/docs/guides.js';
import { shellExamples } from '../../../api/docs/render.js';
import { startStack, type Stack } from '../../helpers/stack.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

const run = promisify(execFile);

/**
 * Every `sh` example in the guides runs as written against the running service, with the
 * variables the guides tell a reader to set (OI_PAYMENTS_URL, OI_API_KEY, OI_API_SECRET; OI_PAYMENT, a paid payment,
 * for the refund). curl is made to fail on an HTTP error, so an example the API refuses fails
 * here, unless the example itself says `|| true` (the guide's deliberate error).
 */
describe('the guides’ examples', () => {
  let stack: Stack;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    stack = await startStack();
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test);
    env = {
      PATH: process.env.PATH,
      OI_PAYMENTS_URL: stack.apiUrl,
      OI_API_KEY: app.test.key,
      OI_API_SECRET: app.test.secret,
      OI_PAYMENT: paid.reference,
    };
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  const guides = loadGuides();

  it('has a runnable example in every guide that shows a request', () => {
    const withExamples = guides.filter((g) => shellExamples(g).length > 0).map((g) => g.slug);
    expect(withExamples).toEqual(
      expect.arrayContaining([
        'getting-started',
        'authentication',
        'accept-a-payment',
        'idempotency',
        'responses-and-errors',
        'invoicing',
        'refunds',
        'disputes',
        'webhooks',
      ]),
    );
    expect(guides.map((g) => g.slug)).toEqual([...GUIDE_SLUGS]);
  });

  const examples = loadGuides().flatMap((guide) =>
    shellExamples(guide).map((script, index) => [guide.slug, index + 1, script] as const),
  );

  it.each(examples)('%s, example %d, answers with the envelope', async (_slug, _index, script) => {
    // Each curl of the example fails on an HTTP error and prints one envelope per line.
    const prelude = `set -euo pipefail\ncurl() { command curl -sS --fail-with-body "$@"; echo; }\n`;
    const { stdout } = await run('bash', ['-c', prelude + script], { env, timeout: HANG_GUARD_MS });
    const answers = stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { meta: { success: boolean; errorCode?: string } });
    expect(answers.length).toBeGreaterThan(0);
    const deliberateError = script.includes('|| true');
    for (const answer of answers) {
      expect(answer.meta.success).toBe(!deliberateError);
      if (deliberateError) expect(answer.meta.errorCode).toBe('VALIDATION_ERROR');
    }
  });
});
