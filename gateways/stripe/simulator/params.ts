import { z } from 'zod';
import { fromZodError } from './errors.js';
import type { FormObject } from './form.js';

/** Parameter shapes shared by the simulated endpoints; form values arrive as strings. */

export const integer = z
  .string()
  .regex(/^-?\d{1,15}$/, 'must be an integer')
  .transform(Number);

/** Stripe's metadata limits: 50 keys of up to 40 characters, values of up to 500. */
export const metadata = z
  .record(z.string().min(1).max(40), z.string().max(500))
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 keys');

/** `expand[]`, accepted by every endpoint. */
export const expandList = z.array(z.string().min(1)).max(20).optional();

export function parseParams<T>(schema: z.ZodType<T>, params: FormObject): T {
  const result = schema.safeParse(params);
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
