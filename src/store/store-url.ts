/** STORE_URL forms: sqlite://<path>, redis://host:port[/db] (or rediss://), memory://. */
import { ConfigError } from '../core/shared/errors.ts';

export type StoreLocation =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'redis'; readonly url: string };

export const STORE_URL_FORMS =
  'sqlite://<path> (default sqlite://./data/mlbot.sqlite), redis://host:port[/db] or memory://';

export function parseStoreUrl(url: string): StoreLocation {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'memory') return { kind: 'memory' };
  if (scheme === 'redis' || scheme === 'rediss') return { kind: 'redis', url: trimmed };
  if (scheme === 'sqlite') {
    const path = trimmed.replace(/^sqlite:(\/\/)?/i, '');
    if (path.length > 0) return { kind: 'sqlite', path };
    throw new ConfigError(`STORE_URL "sqlite://" has no file path: use ${STORE_URL_FORMS}`);
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  const shown = scheme ? `${scheme}://…` : JSON.stringify(trimmed.slice(0, 40));
  throw new ConfigError(`STORE_URL ${shown} is not a supported store: use ${STORE_URL_FORMS}`);
}
