import type Koa from 'koa';
import type { PersistedState } from './durable-state.js';
import type { FaultPanel } from './fault-controls.js';

/**
 * One gateway simulator as the simulator host (host.ts) runs it: under `/<name>` on one port with
 * the others, with merchant credentials that stay the same for a data directory, and the
 * environment our API and worker need to talk to it. Each gateway's `simulator/mount.ts` exports
 * one; `mounts.ts` lists them.
 */

/** A simulator's sandbox-like merchant credentials, by field (PEM keys included). */
export type SimulatorCredentials = Record<string, string>;

export interface SimulatorMountOptions<C extends SimulatorCredentials = SimulatorCredentials> {
  /** This simulator's base URL as browsers reach it, with its path prefix (`http://localhost:8081/bkash`). */
  publicUrl: string;
  /** Our API's PUBLIC_URL, for simulators that notify it on their own (Stripe's webhooks). */
  serviceUrl: string;
  credentials: C;
  /** The simulator's clock (outages, expiry): a test on a time-skipping Temporal server passes the server's. */
  now?: () => number;
  /**
   * Writes the simulator's state where it outlives the process (a no-op when the host keeps it in
   * memory): the simulator calls it before telling anyone outside (an IPN, a webhook) what it did.
   */
  checkpoint?: () => void;
}

export interface MountedSimulator {
  app: Koa;
  /** Work that falls due with time (Stripe's expiry and delayed payments): the host calls it every second. */
  sweep?(): void;
  /** Forgets everything; the host calls it on close so no timer outlives it. */
  reset?(): void;
  /** The faults, outages and actions its tester page offers as forms (the forms post to `app`). */
  faultPanel?: FaultPanel;
  /** What it must not forget across a restart, for a host that keeps simulators' state on disk. */
  persisted?: PersistedState;
}

/** A page or control endpoint the host's index page links to, relative to the simulator's base URL. */
export interface SimulatorLink {
  label: string;
  path: string;
}

export interface SimulatorMount<C extends SimulatorCredentials = SimulatorCredentials> {
  /** The path segment it is served under, and the gateway's name in our API (`sslcommerz`, `bkash`). */
  name: string;
  displayName: string;
  /**
   * The service variable naming this gateway's address (`BKASH_SANDBOX_URL`). Set by the user, it
   * names a real gateway: `npm start` then passes none of this gateway's variables to the service.
   */
  urlVariable: string;
  /**
   * The service variable naming the origin browsers reach this gateway's pages at, for when the
   * service reaches the simulator at another address than browsers do (Docker Compose's service
   * name): `BKASH_SANDBOX_PAGE_ORIGIN`.
   */
  pageOriginVariable: string;
  /** Paths at the host's root routed to this simulator unchanged (Stripe's `/v1`: its SDK's base path is fixed). */
  rootPaths?: readonly string[];
  create(options: SimulatorMountOptions<C>): MountedSimulator;
  /** Sandbox-like merchant credentials, the same every time for one data directory. */
  credentials(dataDir: string): C;
  /** What our API and worker need to talk to this simulator at `baseUrl` (its base URL, prefix included). */
  serviceEnvironment(baseUrl: string, credentials: C): Record<string, string>;
  /** Lines for `npm start`'s banner: the credentials a tester needs (never a private key itself). */
  banner(baseUrl: string, credentials: C): string[];
  /** Control endpoints and pages the host's index lists (faults, outages). */
  links: readonly SimulatorLink[];
}

/**
 * Declares a mount with its own credential fields while `SimulatorMount[]` holds every gateway's:
 * the host hands each mount back only the credentials that mount produced.
 */
export function defineSimulatorMount<C extends SimulatorCredentials>(
  mount: SimulatorMount<C>,
): SimulatorMount {
  return mount as unknown as SimulatorMount;
}
