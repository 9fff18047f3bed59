import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { enableGateways } from '../../helpers/picker.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const PAYMENTS_DOC = path.join(ROOT, 'docs', 'processes', 'payments.md');
const HEADING = '### Driving the simulator without a browser';

/** The first `sh` block under a heading of the page, one command per entry (continuations joined). */
function commandsUnder(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no "${heading}" in ${PAYMENTS_DOC}`);
  const open = lines.findIndex((line, i) => i > start && line.startsWith('```sh'));
  const close = lines.findIndex((line, i) => i > open && line.startsWith('```'));
  return lines
    .slice(open + 1, close)
    .join('\n')
    .split(/(?<!\\)\n/)
    .filter((command) => command.trim() !== '');
}

/**
 * The payments page's "Driving the simulator without a browser" commands, run as written against
 * a stack whose app has more than one gateway (as `npm start`'s demo app has): the checkout's
 * picker then needs the gateway named, and a command that leaves it out answers 400, not 302.
 * Only the addresses, the payment's reference and the session key the second command prints are
 * filled in.
 */
describe('the payments page’s simulator commands', () => {
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    stack = await startStack();
    const app = await stack.registerApp();
    creds = app.test;
    await enableGateways(stack, app.app.id, ['bkash', 'nagad']);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('send the customer to the simulator, find the session and pay it', async () => {
    const commands = commandsUnder(readFileSync(PAYMENTS_DOC, 'utf8'), HEADING);
    expect(commands).toHaveLength(3);
    const payment = await stack.createPayment(creds);
    expect(await stack.readPayment(creds, payment.reference)).toMatchObject({ gateway: null });

    const shell = async (command: string, values: Record<string, string> = {}) => {
      let script = command
        .replaceAll('http://localhost:8080', stack.apiUrl)
        .replaceAll('http://localhost:8081/sslcommerz', stack.simulatorUrl)
        .replaceAll('pay_xxx', payment.reference);
      for (const [placeholder, value] of Object.entries(values))
        script = script.replaceAll(placeholder, value);
      const prelude = 'set -euo pipefail\ncurl() { command curl -sS --fail-with-body "$@"; }\n';
      return (await run('bash', ['-c', prelude + script], { timeout: HANG_GUARD_MS })).stdout;
    };

    const pay = await shell(commands[0]!);
    expect(pay).toMatch(/^HTTP\/1\.1 302/);
    expect(pay).toMatch(new RegExp(`^location: ${stack.simulatorUrl}`, 'im'));
    const session = JSON.parse(await shell(commands[1]!)) as { sessionkey: string };
    expect(session.sessionkey).toEqual(expect.any(String));
    await shell(commands[2]!, { '<sessionkey>': session.sessionkey });

    await eventually(
      async () => (await stack.readPayment(creds, payment.reference)).status === 'SUCCEEDED',
      20_000,
      `${payment.reference} SUCCEEDED`,
    );
    expect(await stack.readPayment(creds, payment.reference)).toMatchObject({ gateway: 'sslcommerz' });
  }, 60_000);
});
