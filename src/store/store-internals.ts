/**
 * What a migration needs beneath the repositories: the ids in the root layout's indexes, without
 * parsing every request at once (a store that has run for years holds every request it ever had).
 * Kept beside a Stores made by createStores, out of its public shape.
 */
import type { StorePrimitives } from './primitives.ts';

const internals = new WeakMap<object, StorePrimitives>();

export function registerInternals(stores: object, primitives: StorePrimitives): void {
  internals.set(stores, primitives);
}

/** The root primitives of a Stores from createStores; undefined for any other object. */
export function rootPrimitives(stores: object): StorePrimitives | undefined {
  return internals.get(stores);
}
