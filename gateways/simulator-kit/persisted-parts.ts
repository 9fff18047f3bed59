import type { PersistedState } from './durable-state.js';

/**
 * A simulator's saved state, made of its parts: records and fault books are saved as they are
 * and put back into the very objects the simulator's handlers already hold (so no reference to
 * them goes stale); a part that holds a clock or other functions saves and restores itself.
 */

/** A part that cannot be saved as it is (it holds the simulator's clock): its own plain data. */
export interface SelfSavingPart {
  saved(): unknown;
  restore(saved: unknown): void;
}

type Part = object | SelfSavingPart;

function isSelfSaving(part: Part): part is SelfSavingPart {
  const candidate = part as Partial<SelfSavingPart>;
  return typeof candidate.saved === 'function' && typeof candidate.restore === 'function';
}

const isInstance = (value: unknown): value is object =>
  typeof value === 'object' &&
  value !== null &&
  !(value instanceof Date) &&
  Object.getPrototypeOf(value) !== Object.prototype &&
  Object.getPrototypeOf(value) !== null;

/**
 * Copies `saved` (what v8's serializer made of `target`: its own fields, Maps and arrays kept)
 * into `target` field by field: Maps, Sets and arrays are refilled and class instances (a
 * SettlementFaultBindings) restored the same way, so fields declared readonly keep their objects.
 */
export function restoreInPlace(target: object, saved: unknown): void {
  if (typeof saved !== 'object' || saved === null) throw new Error('saved part is not an object');
  const fields = target as Record<string, unknown>;
  for (const [name, value] of Object.entries(saved)) {
    const current = fields[name];
    if (current instanceof Map) {
      if (!(value instanceof Map)) throw new Error(`${name} is not a Map`);
      current.clear();
      for (const [key, entry] of value) current.set(key, entry);
    } else if (current instanceof Set) {
      if (!(value instanceof Set)) throw new Error(`${name} is not a Set`);
      current.clear();
      for (const entry of value) current.add(entry);
    } else if (Array.isArray(current)) {
      if (!Array.isArray(value)) throw new Error(`${name} is not an array`);
      current.length = 0;
      for (const entry of value) current.push(entry);
    } else if (isInstance(current)) {
      restoreInPlace(current, value);
    } else {
      fields[name] = value;
    }
  }
}

/** The hook a simulator hands its host: each named part saved and restored as above. */
export function persistedParts(parts: Record<string, Part>): PersistedState {
  return {
    save: () =>
      Object.fromEntries(
        Object.entries(parts).map(([name, part]) => [name, isSelfSaving(part) ? part.saved() : part]),
      ),
    restore(saved) {
      const byName = saved as Record<string, unknown>;
      for (const [name, part] of Object.entries(parts)) {
        if (!(name in byName)) throw new Error(`no ${name} saved`);
        if (isSelfSaving(part)) part.restore(byName[name]);
        else restoreInPlace(part, byName[name]);
      }
    },
  };
}
