import { z } from 'zod';
import { intId } from '../money-schema.ts';

export const loginResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  token_expiry: z.string().nullish(),
  // `never` tokens probably have no expiry.
  expires_at: z.string().nullish(),
  user: z
    .looseObject({
      id: intId,
      name: z.string().nullish(),
      email: z.string().nullish(),
      username: z.string().nullish(),
      verified: z.boolean().optional(),
    })
    .optional(),
  api_key: z.string().nullish(),
});
export type LoginResponse = z.output<typeof loginResponse>;

export const refreshResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  token_expiry: z.string().nullish(),
  expires_at: z.string().nullish(),
  message: z.string().optional(),
});
export type RefreshResponse = z.output<typeof refreshResponse>;

export type TokenExpiry = '1_week' | '1_month' | '3_months' | 'never';
