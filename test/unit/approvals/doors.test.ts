import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type Router from '@koa/router';
import { adminApiRoutes } from '../../../api/admin/index.js';
import { dashboardAreas } from '../../../api/admin/areas.js';
import { dashboardRoutes } from '../../../api/admin/pages/index.js';
import { appApiRoutes } from '../../../api/apps/app-api.js';
import type { RouteDeps } from '../../../api/deps.js';
import { createEventStreamHub } from '../../../api/webhooks/event-stream-hub.js';
import {
  ALL_DOORS,
  APP_DOORS,
  CLI_DOORS,
  OPERATOR_DOORS,
  WORKFLOW_DOORS,
} from '../../../domain/approvals/doors.js';
import { MONEY_ACTIONS, RULE_BOOK } from '../../../domain/approvals/rule-book.js';
import { CLI_COMMAND_NAMES } from '../../../scripts/cli/args.js';

/**
 * Every door that changes something is in the doors table, and the table names no door that is
 * gone: a route, a CLI command, a workflow or a workflow message added without saying what it does
 * under the rule book fails here. Building the routers touches none of their dependencies (each
 * route reads them when it is called; rate limits of 0 build no limiter).
 */

const root = path.resolve(__dirname, '..', '..', '..');

// Settings as the routers read them while being built: no rate limiter, nothing else.
const config = new Proxy(
  {},
  { get: (_target, key) => (String(key).startsWith('RATE_LIMIT') ? 0 : undefined) },
);
const deps = { config } as unknown as RouteDeps;

/** `<door kind> <METHOD> <path>` for each route that is not a read. */
function changingRoutes(kind: string, routers: Router[]): string[] {
  const doors = new Set<string>();
  for (const router of routers)
    for (const layer of router.stack)
      for (const method of layer.methods)
        if (!['GET', 'HEAD', 'OPTIONS'].includes(method))
          doors.add(`${kind} ${method} ${String(layer.path)}`);
  return [...doors].sort();
}

function operatorDoors(): string[] {
  return [
    ...changingRoutes('admin', [adminApiRoutes(deps)]),
    ...changingRoutes('dashboard', dashboardRoutes(deps, dashboardAreas)),
  ];
}

const appDoors = () => changingRoutes('app', [appApiRoutes(deps, createEventStreamHub())]);
const cliDoors = () => CLI_COMMAND_NAMES.map((name) => `cli ${name}`);

/** Every workflow contract's messages: `PAYOUT_MESSAGES.changed` → `payoutChanged`. */
function contractMessages(): Map<string, string> {
  const names = new Map<string, string>();
  for (const process of readdirSync(path.join(root, 'domain'))) {
    const folder = path.join(root, 'domain', process);
    for (const file of readdirSync(folder).filter((name) => name.endsWith('-workflow-contract.ts'))) {
      const source = readFileSync(path.join(folder, file), 'utf8');
      for (const block of source.matchAll(/([A-Z_]+_MESSAGES) = \{([\s\S]*?)\}/g))
        for (const entry of block[2]!.matchAll(/([A-Za-z]+):\s*'([A-Za-z]+)'/g))
          names.set(`${block[1]}.${entry[1]}`, entry[2]!);
    }
  }
  return names;
}

/** The worker's workflow types, and every message a workflow contract names, by how it is defined. */
function workflowDoors(): string[] {
  const index = readFileSync(path.join(root, 'workflows', 'index.ts'), 'utf8');
  const types = [...index.matchAll(/export \{([^}]+)\} from/g)].flatMap((match) =>
    match[1]!.split(',').map((name) => `workflow ${name.trim()}`),
  );
  const messages = contractMessages();
  const definitions = readdirSync(path.join(root, 'workflows'), { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(path.join(root, 'workflows', file), 'utf8'))
    .join('\n');
  const defined = new Map<string, string>();
  for (const match of definitions.matchAll(
    /define(Update|Signal|Query)(?:<[^;]*?>)?\(\s*([A-Z_]+_MESSAGES\.[A-Za-z]+)\s*[,)]/g,
  )) {
    defined.set(match[2]!, match[1]!.toLowerCase());
  }
  // A message no workflow defines still counts, as a `message`: a contract names it for a reason.
  const doors = [...messages].map(([constant, name]) => `${defined.get(constant) ?? 'message'} ${name}`);
  return [...types, ...doors].sort();
}

describe.each([
  ['operator doors (admin API and dashboard)', operatorDoors, OPERATOR_DOORS],
  ['app doors (an app’s key)', appDoors, APP_DOORS],
  ['CLI doors', cliDoors, CLI_DOORS],
  ['workflow doors (starts, updates, signals)', workflowDoors, WORKFLOW_DOORS],
])('%s', (_title, enumerate, table) => {
  const found = enumerate();

  it('finds doors to judge', () => {
    expect(found.length).toBeGreaterThan(5);
  });

  it('says of every door what it does under the rule book', () => {
    expect(found.filter((door) => !(door in table))).toEqual([]);
  });

  it('names no door that is gone', () => {
    expect(Object.keys(table).filter((door) => !found.includes(door))).toEqual([]);
  });
});

describe('the rule book and its doors', () => {
  it('reaches every action of the rule book through a door that asks for it', () => {
    const requested = new Set(
      Object.values(ALL_DOORS).flatMap((use) =>
        'action' in use && use.step === 'request' ? [use.action, ...(use.alsoActions ?? [])] : [],
      ),
    );
    const unreachable = MONEY_ACTIONS.filter(
      (action) => !requested.has(action) && action !== 'payout.enable' && action !== 'refund.confirmation',
    );
    expect(unreachable).toEqual([]);
  });

  it('names only actions the rule book has', () => {
    for (const use of Object.values(ALL_DOORS)) {
      if ('action' in use) expect(MONEY_ACTIONS).toContain(use.action);
    }
  });

  it('gives every action that waits for someone a door to approve it', () => {
    const approved = new Set(
      Object.values(ALL_DOORS).flatMap((use) =>
        'action' in use && use.step === 'approve' ? [use.action, ...(use.alsoActions ?? [])] : [],
      ),
    );
    const waiting = MONEY_ACTIONS.filter((action) =>
      Object.values(RULE_BOOK[action].approvals).some((count) => count.kind !== 'none'),
    );
    expect(waiting.filter((action) => !approved.has(action)).sort()).toEqual([]);
  });
});
