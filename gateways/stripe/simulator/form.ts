import { invalidRequest } from './errors.js';

/**
 * Stripe's form encoding: bracket keys build nested objects (`metadata[reference]=x`) and lists
 * (`line_items[0][quantity]=1`, `expand[]=a`). Every leaf stays a string, as on the wire.
 */

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

const MAX_DEPTH = 6;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw invalidRequest(`Invalid parameter name: ${key}`, key);
  const parts = [match[1] ?? '', ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
  if (parts.length > MAX_DEPTH || parts.some((part) => FORBIDDEN.has(part))) {
    throw invalidRequest(`Invalid parameter name: ${key}`, key);
  }
  return parts;
}

function assign(target: FormObject, parts: string[], value: string, key: string): void {
  const [head, ...rest] = parts;
  if (head === undefined) return;
  // `expand[]=a&expand[]=b`: an empty index appends.
  const name = head === '' ? String(Object.keys(target).length) : head;
  if (rest.length === 0) {
    if (name in target) throw invalidRequest(`Received the parameter ${key} more than once`, key);
    target[name] = value;
    return;
  }
  const child = target[name] ?? {};
  if (typeof child === 'string' || Array.isArray(child)) {
    throw invalidRequest(`Invalid hash: ${key} is also given a plain value`, key);
  }
  target[name] = child;
  assign(child, rest, value, key);
}

/** Objects keyed 0..n-1 were lists on the client's side. */
function toLists(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const entries = keys.map((key) => [key, toLists(value[key] as FormValue)] as const);
  const isList = keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (!isList) return Object.fromEntries(entries);
  return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, item]) => item);
}

export function parseStripeForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(text)) assign(root, splitKey(key), value, key);
  return toLists(root) as FormObject;
}
