/** Every mutation takes an optional Idempotency-Key; without one it is sent once and never retried. */
export interface MutationOptions {
  readonly idempotencyKey?: string;
}

export function keyOf(options: MutationOptions | undefined): { idempotencyKey?: string } {
  return options?.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey };
}
