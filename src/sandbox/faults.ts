/** Fault injection for tests and demos: what the next API calls suffer before (or after) they run. */
import type { Clock } from '../core/shared/ports.ts';

export type Fault =
  | { readonly kind: 'hang' }
  | { readonly kind: 'fail'; readonly status: number }
  | { readonly kind: 'storm'; readonly retryAfterS: number; readonly until: number };

export class Faults {
  latencyMs = 0;
  failureRate = 0;
  failureStatus = 500;
  unwrapped = false;
  moneyAsStrings = false;
  #failNext: number[] = [];
  #hangNext = 0;
  #malformedNext = 0;
  #stormUntil = 0;
  readonly #clock: Clock;
  readonly #random: () => number;

  constructor(clock: Clock, random: () => number) {
    this.#clock = clock;
    this.#random = random;
  }

  failNext(n: number, status: number): void {
    for (let i = 0; i < n; i++) this.#failNext.push(status);
  }

  hangNext(n: number): void {
    this.#hangNext += n;
  }

  malformedNext(n: number): void {
    this.#malformedNext += n;
  }

  storm(durationMs: number): void {
    this.#stormUntil = this.#clock.now() + durationMs;
  }

  /** The fault this call suffers instead of being handled, if any. Consumes one-shot faults. */
  before(): Fault | undefined {
    if (this.#hangNext > 0) {
      this.#hangNext--;
      return { kind: 'hang' };
    }
    const now = this.#clock.now();
    if (now < this.#stormUntil) {
      return {
        kind: 'storm',
        retryAfterS: Math.max(1, Math.ceil((this.#stormUntil - now) / 1000)),
        until: this.#stormUntil,
      };
    }
    const status = this.#failNext.shift();
    if (status !== undefined) return { kind: 'fail', status };
    if (this.failureRate > 0 && this.#random() < this.failureRate) return { kind: 'fail', status: this.failureStatus };
    return undefined;
  }

  /**
   * Whether this call's answer is garbled. Decided after the handler ran: the change happened
   * but the caller cannot read that it did (a retry with the same Idempotency-Key replays it).
   */
  garbleAnswer(): boolean {
    if (this.#malformedNext <= 0) return false;
    this.#malformedNext--;
    return true;
  }

  reset(): void {
    this.latencyMs = 0;
    this.failureRate = 0;
    this.failureStatus = 500;
    this.unwrapped = false;
    this.moneyAsStrings = false;
    this.#failNext = [];
    this.#hangNext = 0;
    this.#malformedNext = 0;
    this.#stormUntil = 0;
  }
}
