/**
 * Turns a backend's own failures (sqlite, redis, keyv) into BotError('store_unavailable'), from
 * promises and from async iterations (paged scans) alike.
 */
import { BotError, isBotError } from '../core/shared/errors.ts';

export function guarded<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      const rename = (error: unknown): unknown => {
        if (isBotError(error)) return error;
        const reason = error instanceof Error ? error.message : String(error);
        return new BotError('store_unavailable', `${name}.${String(prop)} failed: ${reason}`, { cause: error });
      };
      return (...args: unknown[]) => {
        const result: unknown = value.apply(obj, args);
        if (result instanceof Promise)
          return result.catch((error: unknown) => {
            throw rename(error);
          });
        if (isAsyncIterable(result)) return guardedIteration(result, rename);
        return result;
      };
    },
  });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

async function* guardedIteration<T>(source: AsyncIterable<T>, rename: (error: unknown) => unknown): AsyncIterable<T> {
  try {
    yield* source;
  } catch (error) {
    throw rename(error);
  }
}
