/** Turns a backend's own failures (sqlite, redis, keyv) into BotError('store_unavailable'). */
import { BotError, isBotError } from '../core/errors.ts';

export function guarded<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(obj, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          if (isBotError(error)) throw error;
          const reason = error instanceof Error ? error.message : String(error);
          throw new BotError('store_unavailable', `${name}.${String(prop)} failed: ${reason}`, { cause: error });
        });
      };
    },
  });
}
