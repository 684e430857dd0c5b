import { checkNonEmpty } from '../input-checks.ts';
import {
  type LoginResponse,
  loginResponse,
  type RefreshResponse,
  refreshResponse,
  type TokenExpiry,
} from '../schemas/auth.ts';
import type { BillingTransport } from '../transport.ts';
import { keyOf, type MutationOptions } from './options.ts';

export interface LoginInput {
  readonly email: string;
  readonly password: string;
  readonly device_name?: string;
  readonly token_expiry?: TokenExpiry;
}

/** Tokens. The caller decides when to `setToken` with what these return. */
export class AuthApi {
  readonly #t: BillingTransport;
  constructor(transport: BillingTransport) {
    this.#t = transport;
  }

  /** `POST /auth/login` (no bearer token). */
  async login(input: LoginInput, options?: MutationOptions): Promise<LoginResponse> {
    checkNonEmpty('email', input.email);
    checkNonEmpty('password', input.password);
    return this.#t.call({
      method: 'POST',
      route: '/auth/login',
      json: input,
      auth: false,
      schema: loginResponse,
      ...keyOf(options),
    });
  }

  /** `POST /auth/refresh`: the old token stops working once this answers. */
  async refresh(
    input: { readonly token_expiry?: TokenExpiry; readonly device_name?: string } = {},
    options?: MutationOptions,
  ): Promise<RefreshResponse> {
    return this.#t.call({
      method: 'POST',
      route: '/auth/refresh',
      json: input,
      schema: refreshResponse,
      ...keyOf(options),
    });
  }
}
