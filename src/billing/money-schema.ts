import { z } from 'zod';

// Laravel decimal columns often serialize as strings ("75.50"); the docs show numbers. Accept both,
// refuse anything that is not a plain decimal so "75,50" or "" never become a silent 0 or NaN.
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** USD dollars as a JSON number or a numeric string → number. */
export const money = z.union([
  z.number().finite(),
  z
    .string()
    .trim()
    .regex(DECIMAL, 'expected a decimal amount')
    .transform((s) => Number(s)),
]);

/** Integer ids that may arrive as numbers or digit strings. */
export const intId = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d+$/, 'expected an integer id')
    .transform((s) => Number(s)),
]);

/** An ISO-8601 timestamp we will turn into epoch ms: checked to parse, kept as the string. */
export const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO-8601 time');
