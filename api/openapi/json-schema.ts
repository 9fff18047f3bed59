import { z, type ZodType } from 'zod';
import { beneficiarySchema } from '../../domain/payouts/payout-bodies.js';
import { documentedQueryValues } from '../query-values.js';

export type Json = Record<string, unknown>;

/** Text never holds a NUL character (PostgreSQL cannot store one): said on every free-text field. */
export const NO_NUL = '^[^\\u0000]*$';

/**
 * Shapes several bodies share, stated once as a component and referred to wherever they appear, so
 * the generated SDKs give each one model (a payout's, a batch line's and a refund's destination
 * are one `Beneficiary`).
 */
const NAMED_SHAPES = new Map<ZodType, string>([[beneficiarySchema, 'Beneficiary']]);

/** The components the named shapes make, each written out once. */
export function namedShapeComponents(): Record<string, Json> {
  return Object.fromEntries([...NAMED_SHAPES].map(([schema, name]) => [name, fromZod(schema)]));
}

/** A zod schema as JSON Schema, with query values written as the text they are on the wire. */
export function fromZod(s: ZodType, io: 'input' | 'output' = 'input'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      const json = ctx.jsonSchema as Json;
      const shape = ctx.zodSchema as unknown as ZodType;
      const named = shape === s ? undefined : NAMED_SHAPES.get(shape);
      if (named) {
        const { description } = json;
        for (const key of Object.keys(json)) delete json[key];
        Object.assign(
          json,
          { $ref: `#/components/schemas/${named}` },
          description !== undefined && { description },
        );
        return;
      }
      const documented = documentedQueryValues.get(ctx.zodSchema as unknown as ZodType);
      if (documented) {
        for (const key of Object.keys(json)) delete json[key];
        Object.assign(json, documented);
        return;
      }
      // The service's own email pattern is the rule; JSON Schema's `email` format is looser and stricter at once.
      if (json.format === 'email' && json.pattern) delete json.format;
      if (
        json.type === 'string' &&
        json.pattern === undefined &&
        json.enum === undefined &&
        json.format === undefined
      ) {
        json.pattern = NO_NUL;
      }
    },
  }) as Json;
  return rest;
}

/** An object schema's properties as OpenAPI query parameters. */
export function queryParameters(s: ZodType, overrides: Record<string, Json> = {}): Json[] {
  const json = fromZod(s) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const { description, default: fallback, ...rest } = { ...prop, ...overrides[name] };
    return {
      name,
      in: 'query',
      required: json.required?.includes(name) ?? false,
      schema: { ...rest, ...(fallback !== undefined && { default: fallback }) },
      ...(typeof description === 'string' && { description }),
    };
  });
}

export const text = { type: 'string' };
export const nullableText = { type: ['string', 'null'] };
export const instant = { type: 'string', format: 'date-time' };
export const nullableInstant = { type: ['string', 'null'], format: 'date-time' };
export const integer = { type: 'integer' };
export const nullableInteger = { type: ['integer', 'null'] };

/** An object whose listed properties are all present, and nothing else. */
export function record(properties: Record<string, Json>, optional: string[] = []): Json {
  return {
    type: 'object',
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
    additionalProperties: false,
  };
}

export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** A schema with its realistic examples beside it: what the reference shows and "Try it out" sends. */
export const withExamples = (schema: Json, ...examples: unknown[]): Json => ({ ...schema, examples });
