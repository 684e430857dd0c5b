/** /auth: a configured demo user logs in for a token; refresh rotates the token. */
import { ok, optionalString, type Route, requireString } from '../route.ts';
import { DEMO_USER } from '../seed.ts';
import { ApiError, iso, newToken, randomHex } from '../wire.ts';

const DAY = 86_400_000;

function expiryDays(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isInteger(n) && n > 0 && n <= 365 ? n : 30;
}

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: '/auth/login',
    public: true,
    handle({ state, body }) {
      const email = requireString(body, 'email');
      const password = requireString(body, 'password');
      optionalString(body, 'device_name');
      if (email.toLowerCase() !== DEMO_USER.email || password !== DEMO_USER.password) {
        throw new ApiError(401, 'unauthenticated', 'Invalid email or password.');
      }
      const days = expiryDays(body.token_expiry);
      const token = newToken();
      state.tokens.add(token);
      return ok({
        access_token: token,
        token_type: 'Bearer',
        token_expiry: `${days}d`,
        expires_at: iso(state.now() + days * DAY),
        user: {
          id: DEMO_USER.id,
          name: DEMO_USER.name,
          email: DEMO_USER.email,
          username: DEMO_USER.username,
          verified: true,
        },
        api_key: `sk_test_${randomHex(16)}`,
      });
    },
  },
  {
    method: 'POST',
    path: '/auth/refresh',
    handle({ state, body, token }) {
      const days = expiryDays(body.token_expiry);
      const next = newToken();
      if (token) state.tokens.delete(token);
      state.tokens.add(next);
      return ok({
        access_token: next,
        token_type: 'Bearer',
        token_expiry: `${days}d`,
        expires_at: iso(state.now() + days * DAY),
        message: 'Token refreshed. The previous token no longer works.',
      });
    },
  },
];
