import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { recordEvent } from '../../../db/webhooks/events.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { randomToken } from '../../../domain/shared/ids.js';
import { listenSigningSecret } from '../../../sdk/src/listen/signing-secret.js';
import { createNetworkNamespace, type NetworkNamespace } from '../../helpers/network-namespace.js';
import { packSdkApart } from '../../helpers/sdk-packing.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';
import { HANG_GUARD_MS } from '../../helpers/patience.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const PIPX = path.join(ROOT, '.tools', 'python-sdk', 'bin', 'pipx');
const RECEIVER = path.join(ROOT, 'test', 'helpers', 'recording-receiver.mjs');

type Forwarded = { id: string; type: string; data: Record<string, unknown> };
type Sdk = 'node' | 'python';
const SDKS: Sdk[] = ['node', 'python'];
/** Each CLI forwards to a receiver of its own, on the namespace's localhost. */
const RECEIVER_PORTS: Record<Sdk, number> = { node: 4000, python: 4001 };

/** A process, its output so far, and a way to stop it and wait. */
function startProcess(command: string[], env: Record<string, string>, cwd: string) {
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** What the service says of its packed SDK at `/sdk/<language>`: the install lines among it. */
async function served(serviceUrl: string, language: Sdk): Promise<Record<string, string>> {
  const answer = await fetch(`${serviceUrl}/sdk/${language}`);
  if (answer.status !== 200) throw new Error(`GET /sdk/${language}: ${answer.status}`);
  return (await answer.json()) as Record<string, string>;
}

/**
 * The Node SDK's `oi-payments` as an app installs it: `npm install` of the tarball the service
 * serves, into a project of its own; the command that runs its bin.
 */
async function installNodeCli(serviceUrl: string, dir: string): Promise<string[]> {
  const sdk = await served(serviceUrl, 'node');
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'shop', version: '1.0.0', private: true }),
  );
  await run('npm', ['install', sdk.tarball!, '--no-audit', '--no-fund'], {
    cwd: dir,
    timeout: HANG_GUARD_MS,
  });
  return [process.execPath, path.join(dir, 'node_modules', '.bin', 'oi-payments')];
}

/**
 * The Python SDK's `oi-payments` as the guides install it: the pipx line the service serves (the
 * wheel's URL with its SHA-256), into a pipx home of its own; its dependencies come from the
 * machine's usual index. The command that runs it.
 */
async function installPythonCli(serviceUrl: string, dir: string): Promise<string[]> {
  if (!existsSync(PIPX)) {
    throw new Error(`${PIPX} is missing: run \`node scripts/install-tools.mjs\` (npm install runs it)`);
  }
  const sdk = await served(serviceUrl, 'python');
  const [command, ...args] = sdk.pipx!.split(' ');
  expect(command).toBe('pipx');
  const bin = path.join(dir, 'bin');
  await run(PIPX, args, {
    env: {
      ...process.env,
      PIPX_HOME: path.join(dir, 'pipx'),
      PIPX_BIN_DIR: bin,
      PIPX_MAN_DIR: path.join(dir, 'man'),
    },
    timeout: HANG_GUARD_MS,
  });
  return [path.join(bin, 'oi-payments')];
}

/**
 * `oi-payments listen` with only an app's TEST key, from each SDK as an app installs it from the
 * service (the Node SDK's tarball, the Python SDK's wheel): each CLI runs as a process of its own in
 * a network namespace of its own (where the machine allows one), with an environment holding only
 * the key, the secret and the service's address, and no route to the database. They reach the API
 * through a relay the test can cut, and forward to receivers on their own localhost.
 */
describe('the event stream and oi-payments listen', () => {
  let stack: Stack;
  let namespace: NetworkNamespace | null;
  let relay: Awaited<ReturnType<typeof startTcpProxy>>;
  const receivers = {} as Record<Sdk, ReturnType<typeof startProcess>>;
  const clis = {} as Record<Sdk, ReturnType<typeof startProcess>>;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let other: Awaited<ReturnType<Stack['registerApp']>>;
  let signingSecret: string;
  const folders: string[] = [];
  const folder = (prefix: string) => {
    const made = mkdtempSync(path.join(tmpdir(), prefix));
    folders.push(made);
    return made;
  };

  beforeAll(async () => {
    // Each SDK is packed in a process of its own while the stack starts, and each CLI installed as
    // soon as its own SDK is packed: the Python install (the longest) need not wait for the Node
    // SDK's compiler run.
    const packed = { node: packSdkApart('node'), python: packSdkApart('python') };
    stack = await startStack().catch(async (error: unknown) => {
      await Promise.allSettled(Object.values(packed));
      throw error;
    });
    app = await stack.registerApp();
    other = await stack.registerApp();
    const installed: Record<Sdk, string[]> = Object.fromEntries(
      await Promise.all([
        packed.node
          .then(() => installNodeCli(stack.apiUrl, folder('oi-listen-node-')))
          .then((command) => ['node', command]),
        packed.python
          .then(() => installPythonCli(stack.apiUrl, folder('oi-listen-python-')))
          .then((command) => ['python', command]),
      ]),
    );
    namespace = await createNetworkNamespace();
    const apiPort = Number(new URL(stack.apiUrl).port);
    relay = await startTcpProxy({ host: '127.0.0.1', port: apiPort }, namespace?.hostAddress ?? '127.0.0.1');
    const serviceUrl = `http://${namespace?.hostAddress ?? '127.0.0.1'}:${relay.port}`;
    const inside = namespace?.prefix ?? [];
    for (const sdk of SDKS) {
      // Nothing of the service's: no DATABASE_URL, no .env, a directory of its own.
      const cwd = folder(`oi-listen-${sdk}-run-`);
      const bare = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: cwd, TMPDIR: tmpdir() };
      const port = RECEIVER_PORTS[sdk];
      receivers[sdk] = startProcess([...inside, process.execPath, RECEIVER, String(port)], bare, cwd);
      await eventually(
        async () => receivers[sdk].stdout().includes('listening'),
        15_000,
        `the ${sdk} receiver`,
      );
      clis[sdk] = startProcess(
        [...inside, ...installed[sdk], 'listen', '--forward-to', `http://127.0.0.1:${port}/webhooks`],
        { ...bare, OI_PAYMENTS_URL: serviceUrl, OI_API_KEY: app.test.key, OI_API_SECRET: app.test.secret },
        cwd,
      );
    }
    for (const sdk of SDKS) {
      await eventually(
        async () => clis[sdk].stdout().includes('Ready.'),
        30_000,
        `the ${sdk} CLI to connect: ${clis[sdk].stdout()} ${clis[sdk].stderr()}`,
      );
    }
    signingSecret = listenSigningSecret(app.test.secret);
  }, 110_000);

  afterAll(async () => {
    for (const sdk of SDKS) {
      await clis[sdk]?.stop();
      await receivers[sdk]?.stop();
    }
    await relay?.close();
    await namespace?.close();
    await stack?.close();
    for (const made of folders) rmSync(made, { recursive: true, force: true });
  });

  /** The requests a receiver recorded, in arrival order. */
  function requestsTo(sdk: Sdk) {
    return receivers[sdk]
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { headers: Record<string, string>; body: string });
  }

  /** What reached a CLI's receiver and verifies under the listen signing secret, in arrival order. */
  function forwarded(sdk: Sdk): Forwarded[] {
    const webhook = new Webhook(signingSecret);
    return requestsTo(sdk).map((request) => {
      const event = webhook.verify(request.body, {
        'webhook-id': request.headers['webhook-id']!,
        'webhook-timestamp': request.headers['webhook-timestamp']!,
        'webhook-signature': request.headers['webhook-signature']!,
      }) as Forwarded;
      // The webhook-id is the event's id, as the service's own deliveries have it.
      expect(request.headers['webhook-id']).toBe(event.id);
      return event;
    });
  }
  const forwardedIds = (sdk: Sdk) => new Set(forwarded(sdk).map((event) => event.id));

  /** The ids of the app's events in a mode, oldest first as written. */
  async function eventIdsOf(appId: number, mode: Mode = 'TEST'): Promise<string[]> {
    const rows = await stack
      .em()
      .execute<Array<{ id: string }>>(
        'select id from events where app_id = ? and mode = ? order by xact_id, id',
        [appId, mode],
      );
    return rows.map((row) => row.id);
  }

  const addEvent = (appId: number, mode: Mode = 'TEST') =>
    recordEvent(stack.em(), {
      appId,
      mode,
      type: 'payment.succeeded',
      sourceType: 'payment',
      sourceId: `pay_${randomToken(20)}`,
      data: { reference: `pay_${randomToken(20)}` },
    }).then((written) => written.eventId);

  it('prints the signing secret it signs with: derived from the API secret, the same in both SDKs', () => {
    for (const sdk of SDKS) {
      expect(clis[sdk].stdout()).toContain(`Your webhook signing secret is ${signingSecret}`);
    }
    // As root the CLIs run in a network namespace of their own, where the database is out of reach.
    if (process.getuid?.() === 0) expect(namespace).not.toBeNull();
  });

  it("forwards a payment's event, signed as the webhook would be, to localhost", async () => {
    const payment = await stack.paidPayment(app.test);
    const bodies: string[] = [];
    for (const sdk of SDKS) {
      const event = await eventually(
        async () =>
          forwarded(sdk).find(
            (e) =>
              e.type === 'payment.succeeded' &&
              (e.data as { reference?: string }).reference === payment.reference,
          ),
        30_000,
        `payment.succeeded for ${payment.reference} through the ${sdk} CLI (stderr: ${clis[sdk].stderr()})`,
      );
      // The body is the one the events API (and the webhook) give for it.
      const read = await stack.api('GET', `/api/v1/events/${event.id}`, { creds: app.test });
      const body = { ...read.body.data };
      delete body.deliveryStatus;
      expect(event).toEqual(body);
      bodies.push(requestsTo(sdk).find((request) => request.headers['webhook-id'] === event.id)!.body);
      expect(clis[sdk].stdout()).toMatch(new RegExp(`  payment\\.succeeded  ${event.id}  → 200`));
    }
    // Byte for byte the same delivery from either SDK.
    expect(bodies[1]).toBe(bodies[0]);
  }, 60_000);

  it('resumes after the connection is cut, losing none of the events written meanwhile', async () => {
    const before = new Set(await eventIdsOf(app.app.id));
    relay.cut();
    // Written while the CLIs cannot reach the service: more than one read of the stream takes.
    const written: string[] = [];
    for (let i = 0; i < 130; i += 1) written.push(await addEvent(app.app.id));
    const otherApps = [await addEvent(other.app.id), await addEvent(app.app.id, 'LIVE')];
    const paidMeanwhile = await stack.paidPayment(app.test);
    await stack.paidPayment(other.test);
    relay.restore();

    for (const sdk of SDKS) {
      await eventually(
        async () => {
          const seen = forwardedIds(sdk);
          return written.every((id) => seen.has(id)) &&
            forwarded(sdk).some(
              (e) => (e.data as { reference?: string }).reference === paidMeanwhile.reference,
            )
            ? true
            : null;
        },
        60_000,
        `the events written during the cut through the ${sdk} CLI (stderr: ${clis[sdk].stderr()})`,
      );
      expect(clis[sdk].stderr()).toMatch(/Connection lost/);
      expect(clis[sdk].stderr()).toMatch(/Reconnected; going on after evt_/);
      // Every TEST event of the app since the CLIs started arrived; another app's and LIVE never.
      const all = await eventIdsOf(app.app.id);
      const seen = forwardedIds(sdk);
      expect(all.filter((id) => !before.has(id)).filter((id) => !seen.has(id))).toEqual([]);
      const mine = new Set(all);
      expect([...seen].filter((id) => !mine.has(id))).toEqual([]);
      for (const id of otherApps) expect(seen.has(id)).toBe(false);
      // In stream order: the ones written during the cut arrive as they were written.
      const order = forwarded(sdk).map((e) => e.id);
      const positions = written.map((id) => order.indexOf(id));
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
  }, 120_000);

  it('never skips an event whose transaction commits after a younger one', async () => {
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let older!: string;
    const slow = stack.orm.em.fork().transactional(async (em) => {
      older = (
        await recordEvent(em, {
          appId: app.app.id,
          mode: 'TEST',
          type: 'payment.succeeded',
          sourceType: 'payment',
          sourceId: `pay_${randomToken(20)}`,
          data: { reference: 'older' },
        })
      ).eventId;
      await held;
    });
    await eventually(async () => older, 10_000, 'the slow transaction to write');
    const younger = await addEvent(app.app.id);
    // The younger event waits behind the open transaction instead of passing it.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    for (const sdk of SDKS) expect(forwardedIds(sdk).has(younger)).toBe(false);
    commit();
    await slow;
    for (const sdk of SDKS) {
      await eventually(
        async () => forwardedIds(sdk).has(older) && forwardedIds(sdk).has(younger),
        20_000,
        `both events through the ${sdk} CLI`,
      );
      const order = forwarded(sdk).map((e) => e.id);
      expect(order.indexOf(older)).toBeLessThan(order.indexOf(younger));
    }
  }, 60_000);

  describe('GET /api/v1/events/stream', () => {
    /**
     * A stream opened with node:http, whose destroy() closes the connection outright (fetch's
     * abort leaves a fresh idle connection behind that keeps the server from closing).
     */
    const open = (creds: Credentials, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; contentType: string; text: () => string; close: () => void }>(
        (resolve, reject) => {
          const request = get(
            `${stack.apiUrl}/api/v1/events/stream`,
            { headers: { 'x-api-key': creds.key, 'x-api-secret': creds.secret, ...headers } },
            (response) => {
              let text = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => (text += chunk));
              response.on('error', () => {});
              resolve({
                status: response.statusCode ?? 0,
                contentType: String(response.headers['content-type']),
                text: () => text,
                close: () => request.destroy(),
              });
            },
          );
          request.on('error', reject);
        },
      );

    it('refuses LIVE credentials: live customer data never reaches a laptop', async () => {
      const refused = await stack.api('GET', '/api/v1/events/stream', { creds: app.live });
      expect(refused.status).toBe(403);
      expect(refused.body.meta.errorCode).toBe('EVENT_STREAM_TEST_ONLY');
    });

    it("refuses to go on after another app's event", async () => {
      const foreign = await addEvent(other.app.id);
      const refused = await stack.api('GET', '/api/v1/events/stream', {
        creds: app.test,
        headers: { 'last-event-id': foreign },
      });
      expect(refused.status).toBe(404);
      expect(refused.body.meta.errorCode).toBe('EVENT_NOT_FOUND');
      const byQuery = await stack.api('GET', `/api/v1/events/stream?after=${foreign}`, { creds: app.test });
      expect(byQuery.status).toBe(404);
    });

    it('replays from Last-Event-ID as server-sent events named by type', async () => {
      const first = await addEvent(app.app.id);
      const second = await addEvent(app.app.id);
      const stream = await open(app.test, { 'last-event-id': first });
      try {
        expect(stream.status).toBe(200);
        expect(stream.contentType).toMatch(/^text\/event-stream/);
        await eventually(async () => stream.text().includes(`id: ${second}\n`), 10_000, 'the second event');
      } finally {
        stream.close();
      }
      const text = stream.text();
      expect(text).toContain(`id: ${first}\nevent: ready\n`);
      expect(text).toContain(`id: ${second}\nevent: payment.succeeded\ndata: {"id":"${second}",`);
      expect(text).not.toContain(`event: payment.succeeded\ndata: {"id":"${first}"`);
    });

    it('holds at most five streams per app open at once', async () => {
      const limited = await stack.registerApp();
      const streams = await Promise.all([1, 2, 3, 4, 5].map(() => open(limited.test)));
      expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
      const sixth = await stack.api('GET', '/api/v1/events/stream', { creds: limited.test });
      expect(sixth.status).toBe(429);
      expect(sixth.body.meta.errorCode).toBe('EVENT_STREAM_LIMIT');
      for (const stream of streams) stream.close();
      // A closed stream frees its place.
      await eventually(
        async () => {
          const again = await open(limited.test);
          again.close();
          return again.status === 200;
        },
        10_000,
        'a place after the others closed',
      );
    });
  });
});
