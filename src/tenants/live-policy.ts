/**
 * A Policy that reads the tenant's current settings on every access: the engine keeps the object
 * it was built with, so a `/ml settings` change applies from the next event without a restart.
 * A Proxy rather than a list of getters, so a field core adds to Policy is read live too.
 */
import type { Policy } from '../core/shared/policy.ts';

export function livePolicy(current: () => Policy): Policy {
  return new Proxy({} as Policy, {
    get: (_target, key) => Reflect.get(current(), key),
    has: (_target, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(current(), key);
      return d ? { ...d, configurable: true } : undefined;
    },
    set: () => false,
  });
}
