/** Every mutation takes an optional Idempotency-Key; without one it is sent once and never retried. */
export interface MutationOptions {
  readonly idempotencyKey?: string;
}

export function keyOf(options: MutationOptions | undefined): { idempotencyKey?: string } {
  return options?.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey };
}

/** confirm-checkout's answers for a session nobody has paid yet: the watcher's daily bread, not an error. */
export const NOT_PAID_YET = {
  codes: ['checkout_not_completed', 'payment_pending'],
  message: 'checkout not paid yet',
} as const;

/** A saved card the bank refused (HTTP 402): an answer for the approver, not an error to alarm on. */
export const CARD_DECLINED = {
  codes: ['payment_declined', 'card_declined'],
  message: 'card declined',
} as const;
