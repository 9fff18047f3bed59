import type { Json } from './json-schema.js';
import { audienceOf, TAGS_OF, type Audience } from './tags.js';

/**
 * One reader's part of the whole document: the operations tagged for that audience, and only the
 * components they (or, for apps, the webhooks) refer to, so the app reference shows no operator
 * shape and the operator reference no webhook. The whole document stays the one the service is
 * tested and fuzzed against; these are views of it.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The operations of a path item that belong to the audience; null when none does. */
function pathItemFor(item: Json, path: string, audience: Audience): Json | null {
  const kept = Object.entries(item).filter(
    ([key, value]) => !METHODS.includes(key) || audienceOf(value as Json, `${key} ${path}`) === audience,
  );
  return kept.some(([key]) => METHODS.includes(key)) ? Object.fromEntries(kept) : null;
}

/** Every `#/components/<kind>/<name>` reachable from `roots`, through the components themselves. */
function reachableComponents(roots: unknown, components: Record<string, Record<string, unknown>>) {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
        if (seen.has(value)) continue;
        seen.add(value);
        const [, , kind, name] = value.split('/');
        visit(components[kind!]?.[name!]);
      } else visit(value);
    }
  };
  visit(roots);
  return seen;
}

export function documentFor(whole: Json, audience: Audience): Json {
  const paths = Object.fromEntries(
    Object.entries(whole.paths as Record<string, Json>).flatMap(([path, item]) => {
      const kept = pathItemFor(item, path, audience);
      return kept ? [[path, kept]] : [];
    }),
  );
  const webhooks = audience === 'apps' ? whole.webhooks : undefined;
  const components = whole.components as Record<string, Record<string, unknown>>;
  const used = reachableComponents({ paths, webhooks }, components);
  // Security schemes are named by the operations' `security`, not by $ref.
  const schemes = new Set(
    Object.values(paths).flatMap((item) =>
      Object.entries(item)
        .filter(([key]) => METHODS.includes(key))
        .flatMap(([, operation]) => ((operation as Json).security ?? []) as Json[])
        .flatMap((requirement) => Object.keys(requirement)),
    ),
  );
  const keptComponents = Object.fromEntries(
    Object.entries(components).map(([kind, entries]) => [
      kind,
      Object.fromEntries(
        Object.entries(entries).filter(([name]) =>
          kind === 'securitySchemes' ? schemes.has(name) : used.has(`#/components/${kind}/${name}`),
        ),
      ),
    ]),
  );
  const { webhooks: _allWebhooks, ...rest } = whole;
  const info = whole.info as Json;
  return {
    ...rest,
    info: {
      ...info,
      title: audience === 'apps' ? 'OI Payments API for apps' : 'OI Payments API for operators',
      description: INTRODUCTIONS[audience],
    },
    tags: TAGS_OF[audience],
    components: keptComponents,
    ...(webhooks ? { webhooks } : {}),
    paths,
  };
}

const INTRODUCTIONS: Record<Audience, string> = {
  apps: [
    'What an app calls with its key and secret. Amounts are integer minor units (10000 = 100.00 BDT); every answer is one envelope (`data`, `meta`, and `pagination` on lists); creates take an `Idempotency-Key`.',
    '',
    "**Try it with your TEST key.** Choose *Authorize*, enter your app's TEST key (`oi_test_…`) and its secret, then *Try it out* on any operation: each example is filled in and runs against this service. TEST payments move no money. The guides are at [/docs](/docs); the operators' reference is at [/docs/api/operators](/docs/api/operators).",
  ].join('\n'),
  operators: [
    "The operators' API behind the dashboard: an operator session (cookie), its CSRF token on every change, and a role; some actions ask for a fresh step-up. Also the gateways' server-to-server notifications.",
    '',
    'Apps have their own reference at [/docs/api](/docs/api).',
  ].join('\n'),
};
