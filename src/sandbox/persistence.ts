/**
 * Keeps the simulator's state in its state file: read back once at creation, written after every
 * change (before the answer to the call that made it leaves, so a caller that heard "done" finds
 * it done after a restart). Without a file it does nothing and the simulator lives in memory.
 */
import type { Clock } from '../core/shared/ports.ts';
import type { Accounts } from './accounts.ts';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_VERSION } from './snapshot.ts';
import { StateFile } from './state-file.ts';

export class SimPersistence {
  readonly path: string | undefined;
  readonly #file: StateFile | undefined;
  readonly #accounts: Accounts;
  /** What the file holds now: a call that changed nothing (a poll) writes nothing. */
  #saved: string | undefined;

  constructor(path: string | undefined, accounts: Accounts) {
    this.#file = path === undefined ? undefined : new StateFile(path);
    this.path = this.#file?.path;
    this.#accounts = accounts;
  }

  /**
   * Take over the file's state, or write the current one when there is no file yet. A file that
   * cannot be read is moved aside (never deleted) and the seed data is used: a sandbox must start.
   * A version 1 file (one account) becomes the original account and is rewritten as the current version.
   */
  load(clock: Clock, onProblem: ((message: string) => void) | undefined): void {
    const file = this.#file;
    if (!file) return;
    const text = file.read();
    try {
      if (text !== undefined) {
        const snapshot = decodeSnapshot(text);
        const original = snapshot.original ?? this.#accounts.originalName;
        const named = snapshot.accounts.map((a) => ({ ...a, name: a.name ?? original }));
        const opened = this.#accounts.replace(original, named);
        named.forEach((a, i) => {
          opened[i]?.state.restore(a);
          opened[i]?.idempotency.restore(a.idempotency);
        });
        this.#saved = text;
      }
    } catch (err) {
      this.#accounts.reset();
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
      original: this.#accounts.originalName,
      accounts: this.#accounts.list().map((a) => ({
        name: a.name,
        ...a.state.snapshot(),
        idempotency: a.idempotency.entries(),
      })),
    });
    if (text === this.#saved) return;
    this.#file.write(text);
    this.#saved = text;
  }
}
