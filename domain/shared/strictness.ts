/**
 * How a proposed setting compares with the current one, from the side of the money it guards.
 * Its own module because both the settings compared (refund approval rules) and the four-eyes rule
 * that reads the answer (domain/operators/control-changes.ts) speak of it.
 */
export type Strictness = 'STRICTER' | 'EQUAL' | 'LOOSER';
