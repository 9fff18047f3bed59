import { z } from 'zod';

/**
 * Text fields measured the way PostgreSQL measures them (characters, not UTF-16 code units), so
 * an emoji counts once, as the OpenAPI document's maxLength says.
 */
const characters = (text: string): number => {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
};

/** Whitespace as JavaScript's trim() removes it, spelled out so the document's pattern means the same everywhere. */
const SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
// Built from strings: a NUL written in a regular-expression literal reads as a mistake to the linter.
const NUL = '\\u0000';
const NO_NUL = new RegExp(`^[^${NUL}]*$`);
const VISIBLE = new RegExp(`^[^${NUL}]*[^${SPACE}${NUL}][^${NUL}]*$`);

/** Text of at most `max` characters. */
export function boundedText(max: number) {
  return z
    .string()
    .refine((text) => characters(text) <= max, `must be at most ${max} characters`)
    .regex(NO_NUL, 'must not contain NUL characters')
    .meta({ maxLength: max });
}

/** Text with something besides whitespace, trimmed, at most `max` characters before trimming. */
export function visibleText(max: number) {
  return z
    .string()
    .refine((text) => characters(text) <= max, `must be at most ${max} characters`)
    .trim()
    .regex(VISIBLE, 'must not be blank')
    .meta({ maxLength: max });
}
