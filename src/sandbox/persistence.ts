/**
 * Keeps the simulator's state in its state file: read back once at creation, written after every
 * change (before the answer to the call that made it leaves, so a caller that heard "done" finds
 * it done after a restart). Without a file it does nothing and the simulator lives in memory.
 */
import type { Clock } from '../core/shared/ports.ts';
import type { IdempotencyCache } from './idempotency.ts';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_VERSION } from './snapshot.ts';
import type { SimState } from './state.ts';
import { StateFile } from './state-file.ts';

export class SimPersistence {
  readonly path: string | undefined;
  readonly #file: StateFile | undefined;
  readonly #state: SimState;
  readonly #idempotency: IdempotencyCache;
  /** What the file holds now: a call that changed nothing (a poll) writes nothing. */
  #saved: string | undefined;

  constructor(path: string | undefined, state: SimState, idempotency: IdempotencyCache) {
    this.#file = path === undefined ? undefined : new StateFile(path);
    this.path = this.#file?.path;
    this.#state = state;
    this.#idempotency = idempotency;
  }

  /**
   * Take over the file's state, or write the current one when there is no file yet. A file that
   * cannot be read is moved aside (never deleted) and the seed data is used: a sandbox must start.
   */
  load(clock: Clock, onProblem: ((message: string) => void) | undefined): void {
    const file = this.#file;
    if (!file) return;
    const text = file.read();
    try {
      if (text !== undefined) {
        const snapshot = decodeSnapshot(text);
        this.#state.restore(snapshot);
        this.#idempotency.restore(snapshot.idempotency);
        this.#saved = text;
      }
    } catch (err) {
      this.#state.reset();
      this.#idempotency.reset();
      const aside = file.quarantine(clock.now());
      onProblem?.(
        `sandbox state file ${file.path} could not be read (${(err as Error).message}); moved to ${aside}, starting from the seed data`,
      );
    }
    this.save();
  }

  save(): void {
    if (!this.#file) return;
    const text = encodeSnapshot({
      version: SNAPSHOT_VERSION,
      ...this.#state.snapshot(),
      idempotency: this.#idempotency.entries(),
    });
    if (text === this.#saved) return;
    this.#file.write(text);
    this.#saved = text;
  }
}
