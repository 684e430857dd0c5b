/**
 * ModelsLab's envelope is `{data, error, meta}`, but some documented examples (stripe-config,
 * payment-link) are unwrapped and Laravel's own 401 is `{"message": "Unauthenticated."}`.
 * These helpers read all of those shapes; the zod schemas then see only the payload.
 */

export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `meta.request_id`, wherever the server put it. */
export function requestIdOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const meta = body.meta;
  if (isRecord(meta) && typeof meta.request_id === 'string') return meta.request_id;
  return typeof body.request_id === 'string' ? body.request_id : undefined;
}

/** The payload of a 2xx body: `data` when the envelope is there, else the body itself. */
export function unwrapData(body: unknown): unknown {
  if (isRecord(body) && 'data' in body && (body.data !== null || 'error' in body || 'meta' in body)) {
    return body.data;
  }
  return body;
}

/** The error of a non-2xx body, tolerating the envelope, a bare `error` string and Laravel's `message`. */
export function readApiError(body: unknown): ApiErrorBody {
  const requestId = requestIdOf(body);
  if (!isRecord(body)) {
    return {
      code: 'unknown',
      message: typeof body === 'string' && body ? body.slice(0, 200) : 'no error body',
      details: {},
      requestId,
    };
  }
  const err = body.error;
  if (isRecord(err)) {
    return {
      code: typeof err.code === 'string' && err.code ? err.code : 'unknown',
      message: typeof err.message === 'string' ? err.message : 'no message',
      details: isRecord(err.details) ? err.details : {},
      requestId,
    };
  }
  const message = typeof err === 'string' ? err : typeof body.message === 'string' ? body.message : 'no message';
  const code = typeof body.code === 'string' && body.code ? body.code : 'unknown';
  return { code, message, details: isRecord(body.details) ? body.details : {}, requestId };
}
