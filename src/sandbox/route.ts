/** The shape of one API endpoint and the input helpers routes share. */
import type { SimState } from './state.ts';
import { validationError } from './wire.ts';

export interface RouteContext {
  readonly state: SimState;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: Readonly<Record<string, unknown>>;
  /** The bearer token of this call (undefined on routes without auth). */
  readonly token: string | undefined;
  /** Absolute URL of the simulated Stripe page for a session. */
  checkoutUrl(sessionId: string): string;
  /** Absolute URL of one of the simulator's own pages, from a path like `/invoices/in_1`. */
  pageUrl(path: string): string;
  readonly sessionLifetimeMs: number;
}

export interface RouteResult {
  readonly status?: number;
  readonly data: unknown;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under /api/agents/v1 with `:name` parameters, e.g. `/subscriptions/:id/pause`. */
  readonly path: string;
  readonly handle: (ctx: RouteContext) => RouteResult;
  /** No bearer token needed (login). */
  readonly public?: boolean;
  /** Answered without the envelope in unwrapped mode (as the public docs' examples show). */
  readonly unwrappable?: boolean;
}

export function ok(data: unknown, status = 200): RouteResult {
  return { status, data };
}

export function requireString(body: Readonly<Record<string, unknown>>, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || v.trim() === '') throw validationError(field, 'is required');
  return v.trim();
}

export function optionalString(body: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw validationError(field, 'must be a string');
  return v;
}

/** An integer id from a body field or path parameter; numeric strings accepted. */
export function requireInt(value: unknown, field: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw validationError(field, 'must be an integer');
  return n;
}

export function optionalBool(body: Readonly<Record<string, unknown>>, field: string, fallback: boolean): boolean {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw validationError(field, 'must be true or false');
  return v;
}
