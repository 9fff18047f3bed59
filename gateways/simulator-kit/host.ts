import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { checkpointBeforeReply } from './durable-replies.js';
import { MEMORY_ONLY, simulatorDurableState } from './durable-state.js';
import type { DurableState, SimulatorStateMode } from './durable-state.js';
import { FAULT_PANEL_STYLE, faultPanelHtml } from './fault-panel.js';
import type { MountedSimulator, SimulatorCredentials, SimulatorMount } from './mount.js';
import { escapeHtml, simulatorPage } from './page.js';

/**
 * Every gateway simulator behind one port: each under `/<name>` (the prefix taken off before its
 * app sees the request), a mount's root paths (Stripe's `/v1`) at the root, a tester page per
 * simulator at `/<name>` and an index of them all at `/`.
 */

export interface SimulatorHostOptions {
  /** Where browsers and our service reach the host (`http://localhost:8081`), without a path. */
  baseUrl: string;
  /** Our API's PUBLIC_URL: where simulators that notify on their own send it. */
  serviceUrl: string;
  /** Where simulators keep what must outlive a restart (Nagad's keys, their state). */
  dataDir: string;
  mounts: readonly SimulatorMount[];
  /**
   * `file`: each simulator's state is loaded from its snapshot under `dataDir` and written back
   * before every answer that follows a change (durable-state.ts); `memory` (the default, for tests):
   * forgotten with the host.
   */
  state?: SimulatorStateMode;
  /** How often simulators with work that falls due with time are swept (1 s). */
  sweepIntervalMs?: number;
  /** The simulators' clock; the machine's unless a test passes its Temporal server's. */
  now?: () => number;
}

export interface SimulatorHost {
  handler: RequestListener;
  /** What our API and worker need to talk to these simulators; see simulatorServiceEnvironment. */
  serviceEnvironment(userEnv?: NodeJS.ProcessEnv): Record<string, string>;
  /** Each simulator's tester page and credentials, for a banner. */
  banner(): string[];
  /**
   * Stops the sweeps and forgets every simulator's state (and its pending timers) in memory; state
   * kept on disk is saved as it stands and stays for the next start.
   */
  close(): void;
}

const DEFAULT_SWEEP_INTERVAL_MS = 1_000;

const trimSlashes = (url: string) => url.replace(/\/+$/, '');

/** A simulator's base URL: the host's, and its name as the path. */
export function simulatorUrl(baseUrl: string, mount: SimulatorMount): string {
  return `${trimSlashes(baseUrl)}/${mount.name}`;
}

export interface SimulatorSetOptions {
  /** Where browsers reach the host. */
  baseUrl: string;
  /**
   * Where our API and worker reach the host when not at `baseUrl` (`http://simulators:8081`, a
   * Docker Compose service name): their calls go there, and each gateway's page-origin variable
   * tells them the pages are at `baseUrl`'s origin.
   */
  serviceBaseUrl?: string;
  dataDir: string;
  mounts: readonly SimulatorMount[];
}

/**
 * The variables our API and worker need to use these simulators. A gateway whose address variable
 * (its mount's `urlVariable`) is set in `userEnv` is a real gateway the user chose: none of its
 * variables are given, so the user's own credentials for it stand.
 */
export function simulatorServiceEnvironment(
  options: SimulatorSetOptions & { userEnv?: NodeJS.ProcessEnv },
  credentialsOf: (mount: SimulatorMount) => SimulatorCredentials = (mount) =>
    mount.credentials(options.dataDir),
): Record<string, string> {
  const serviceBaseUrl = options.serviceBaseUrl ?? options.baseUrl;
  const pageOrigin = new URL(options.baseUrl).origin;
  const pagesElsewhere = new URL(serviceBaseUrl).origin !== pageOrigin;
  const env: Record<string, string> = {};
  for (const mount of options.mounts) {
    if (options.userEnv?.[mount.urlVariable]) continue;
    Object.assign(env, mount.serviceEnvironment(simulatorUrl(serviceBaseUrl, mount), credentialsOf(mount)));
    if (pagesElsewhere) env[mount.pageOriginVariable] = pageOrigin;
  }
  return env;
}

/**
 * Two columns: each simulator's name and tester page, then its credentials beneath the URL (and a
 * note when `userEnv` points the service at a real gateway instead).
 */
export function simulatorBanner(
  options: SimulatorSetOptions & { userEnv?: NodeJS.ProcessEnv },
  credentialsOf: (mount: SimulatorMount) => SimulatorCredentials = (mount) =>
    mount.credentials(options.dataDir),
): string[] {
  const width = Math.max(0, ...options.mounts.map((mount) => mount.displayName.length)) + 2;
  return options.mounts.flatMap((mount) => {
    const url = simulatorUrl(options.baseUrl, mount);
    const unused = options.userEnv?.[mount.urlVariable]
      ? [`(not used by the service: ${mount.urlVariable} names another gateway)`]
      : [];
    const [first, ...rest] = [url, ...mount.banner(url, credentialsOf(mount)), ...unused];
    return [
      `${mount.displayName.padEnd(width)}${first}`,
      ...rest.map((line) => `${' '.repeat(width)}${line}`),
    ];
  });
}

interface Hosted {
  mount: SimulatorMount;
  url: string;
  credentials: SimulatorCredentials;
  simulator: MountedSimulator;
  durable: DurableState;
  handle: RequestListener;
}

function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(res: ServerResponse): void {
  res.statusCode = 404;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end('Not found: each simulator lives under /<gateway>; the index is at /\n');
}

const STYLE = `${FAULT_PANEL_STYLE}
main{max-width:40rem}
h2{font-size:1.05rem;margin:1.5rem 0 .25rem}
ul{margin:.25rem 0;padding-left:1.2rem}
pre{white-space:pre-wrap;word-break:break-all;background:#f9fafb;padding:.6rem;border-radius:8px;font-size:.85rem}
a{color:#175cd3}`;

function linkList(hosted: Hosted): string {
  const links = hosted.mount.links.map(
    (link) => `<li><a href="${escapeHtml(hosted.url + link.path)}">${escapeHtml(link.label)}</a></li>`,
  );
  return `<ul>${links.join('')}</ul>`;
}

function indexPage(baseUrl: string, hosted: Hosted[]): string {
  const sections = hosted.map(
    (entry) =>
      `<h2><a href="${escapeHtml(entry.url)}">${escapeHtml(entry.mount.displayName)}</a></h2>` +
      `<p class="note">${escapeHtml(entry.url)}</p>${linkList(entry)}`,
  );
  return simulatorPage(
    'Gateway simulators',
    `<h1>Gateway simulators</h1>
<p class="note">Every gateway's simulator, in TEST mode, on ${escapeHtml(baseUrl)}. Open one for its
credentials, faults and outages; payments opened through the checkout land on that gateway's hosted
page, where you choose what the customer does.</p>
${sections.join('\n')}`,
    STYLE,
  );
}

function testerPage(hosted: Hosted): string {
  const { mount, url, credentials, simulator } = hosted;
  const basePath = new URL(url).pathname;
  const panel = simulator.faultPanel ? faultPanelHtml(simulator.faultPanel, basePath) : '';
  return simulatorPage(
    `${mount.displayName} simulator`,
    `<h1>${escapeHtml(mount.displayName)} simulator</h1>
<p class="note">Speaks ${escapeHtml(mount.displayName)}'s protocol at ${escapeHtml(url)}. A payment opened
through our checkout comes to this simulator's hosted page, where you pick its outcome.</p>
<h2>Sandbox credentials</h2>
<pre>${escapeHtml(mount.banner(url, credentials).join('\n'))}</pre>
${panel}
<h2>Control API</h2>
<p class="note">The same faults and outages as JSON: GET shows what is set; PUT JSON changes it (see docs/processes/payments.md, "Driving the simulator without a browser").</p>
${linkList(hosted)}
<form method="post" action="${escapeHtml(`${basePath}/__simulator/reset`)}">
<button type="submit">Reset: forget every payment, fault and outage</button></form>
<p class="note"><a href="/">All simulators</a></p>`,
    STYLE,
  );
}

export function createSimulatorHost(options: SimulatorHostOptions): SimulatorHost {
  const baseUrl = trimSlashes(options.baseUrl);
  const hosted: Hosted[] = options.mounts.map((mount) => {
    const url = simulatorUrl(baseUrl, mount);
    const credentials = mount.credentials(options.dataDir);
    // The simulator checkpoints through this before it notifies anyone; set once its state is loaded.
    let durable = MEMORY_ONLY;
    const checkpoint = () => durable.checkpoint();
    const simulator = mount.create({
      publicUrl: url,
      serviceUrl: options.serviceUrl,
      credentials,
      now: options.now,
      checkpoint,
    });
    durable = simulatorDurableState(
      options.state ?? 'memory',
      options.dataDir,
      mount.name,
      simulator.persisted,
    );
    const handle = checkpointBeforeReply(simulator.app.callback(), checkpoint, mount.name);
    return { mount, url, credentials, simulator, durable, handle };
  });
  const byName = new Map(hosted.map((entry) => [entry.mount.name, entry]));
  const credentialsOf = (mount: SimulatorMount) => byName.get(mount.name)!.credentials;
  const set = { baseUrl, dataDir: options.dataDir, mounts: options.mounts };

  const sweeper = setInterval(() => {
    for (const { mount, simulator, durable } of hosted) {
      try {
        simulator.sweep?.();
      } catch (error) {
        console.error(`${mount.name} simulator: sweep failed`, error);
      }
      try {
        // What timers changed since the last answer (webhook retries, notifications' outcomes).
        durable.checkpoint();
      } catch (error) {
        console.error(`${mount.name} simulator: state not saved`, error);
      }
    }
  }, options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
  sweeper.unref();

  const handler: RequestListener = (req, res) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
    const search = queryAt === -1 ? '' : url.slice(queryAt);
    const isRead = req.method === 'GET' || req.method === 'HEAD';

    if (pathname === '/') {
      if (isRead) return sendHtml(req, res, 200, indexPage(baseUrl, hosted));
      return notFound(res);
    }
    const atRoot = hosted.find(({ mount }) =>
      (mount.rootPaths ?? []).some((root) => pathname === root || pathname.startsWith(`${root}/`)),
    );
    if (atRoot) return atRoot.handle(req, res);

    const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
    const entry = match ? byName.get(match[1]!) : undefined;
    if (!match || !entry) return notFound(res);
    const rest = match[2] ?? '/';
    if (rest === '/' && search === '' && isRead) return sendHtml(req, res, 200, testerPage(entry));
    req.url = rest + search;
    entry.handle(req, res);
  };

  return {
    handler,
    serviceEnvironment: (userEnv) => simulatorServiceEnvironment({ ...set, userEnv }, credentialsOf),
    banner: () => simulatorBanner(set, credentialsOf),
    close() {
      clearInterval(sweeper);
      for (const { mount, simulator, durable } of hosted) {
        try {
          durable.checkpoint();
        } catch (error) {
          console.error(`${mount.name} simulator: state not saved on close`, error);
        }
        durable.close();
        simulator.reset?.();
      }
    },
  };
}
