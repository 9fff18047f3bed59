import type { Json } from './json-schema.js';

/**
 * Every JSON request body and answer in the document given an `example`, built only from the
 * examples declared beside the schemas (api/openapi/answer-examples.ts, the request schemas'
 * `.meta({ examples })`): an envelope from its Meta and its data's example, a list from its
 * item's. Swagger UI shows that example and "Try it out" sends it, instead of inventing a body
 * from the patterns. A shape none of whose parts has an example is left without one.
 */

type Components = Record<string, Json>;

function exampleOf(schema: unknown, components: Components, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 12) return undefined;
  const s = schema as Json;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (typeof s.$ref === 'string') {
    return exampleOf(components[s.$ref.replace('#/components/schemas/', '')], components, depth + 1);
  }
  if ('const' in s) return s.const;
  if (s.type === 'null') return null;
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (!Array.isArray(s[key])) continue;
    for (const branch of s[key] as Json[]) {
      const example = exampleOf(branch, components, depth + 1);
      if (example !== undefined && example !== null) return example;
    }
    return undefined;
  }
  if (s.type === 'array') {
    const item = exampleOf(s.items, components, depth + 1);
    return item === undefined ? undefined : [item];
  }
  if (s.type === 'object' && s.properties) {
    const required = new Set((s.required ?? []) as string[]);
    const example: Json = {};
    for (const [name, property] of Object.entries(s.properties as Record<string, unknown>)) {
      const value = exampleOf(property, components, depth + 1);
      if (value === undefined) {
        if (required.has(name)) return undefined;
      } else example[name] = value;
    }
    // A body that must change something (minProperties) has no example when nothing gives one, and
    // an object nothing gave a property is no example at all: `{}` would be sent as one.
    if (Object.keys(example).length < Math.max(1, Number(s.minProperties ?? 0))) return undefined;
    return example;
  }
  return undefined;
}

/** The media types of an operation's body and answers. */
function mediaTypesOf(operation: Json): Json[] {
  const body = operation.requestBody as { content?: Record<string, Json> } | undefined;
  const answers = Object.values(
    (operation.responses ?? {}) as Record<string, { content?: Record<string, Json> }>,
  );
  return [body, ...answers].flatMap((holder) => Object.values(holder?.content ?? {}));
}

/** Gives each JSON media type without an example the one its schema's examples make. */
export function withMediaExamples(pathItems: Record<string, Json>, components: Components): void {
  for (const item of Object.values(pathItems)) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      for (const media of mediaTypesOf(operation as Json)) {
        if (media.example !== undefined || !media.schema) continue;
        const example = exampleOf(media.schema, components);
        if (example !== undefined) media.example = example;
      }
    }
  }
}
