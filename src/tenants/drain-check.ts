/**
 * The hub's periodic check of what it still holds for money already handed out. Disconnected
 * (or uninstalled) tenants take no new events, but their watcher keeps confirming the sessions
 * already handed out (money follows the session); once none is left the bot is stopped and the
 * directory forgets the token. A tenant that connected another token keeps the replaced one
 * retired; it is forgotten once the last session it created can no longer be paid
 * (session-accounts.ts retiredKeepUntil). The timer runs only while some tenant is draining or
 * holds a retired token.
 */
import type { TimerHandle } from '../core/shared/ports.ts';
import type { HubOptions } from './hub-options.ts';
import type { Running } from './running-tenant.ts';
import { retiredKeepUntil } from './session-accounts.ts';

const DEFAULT_DRAIN_CHECK_MS = 60_000;

export interface DrainCheckDeps {
  readonly options: HubOptions;
  /** The hub's running tenants, as they are now. */
  running(): Iterable<Running>;
  /** Stop a tenant's bot (the hub's halt: it leaves the running set). */
  halt(run: Running): Promise<void>;
  /** True once the hub stopped: no timer is set again. */
  stopped(): boolean;
}

export class DrainCheck {
  readonly #d: DrainCheckDeps;
  #timer: TimerHandle | undefined;

  constructor(deps: DrainCheckDeps) {
    this.#d = deps;
  }

  schedule(): void {
    if (this.#timer || this.#d.stopped()) return;
    if (![...this.#d.running()].some((r) => r.draining || r.retired > 0)) return;
    const o = this.#d.options;
    this.#timer = o.clock.setTimer(() => {
      this.#timer = undefined;
      void this.#checkDrained().finally(() => this.schedule());
    }, o.drainCheckMs ?? DEFAULT_DRAIN_CHECK_MS);
  }

  cancel(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /**
   * Let go of draining tenants whose watcher has nothing left to confirm, and forget retired
   * tokens whose last session can no longer be paid.
   */
  async #checkDrained(): Promise<void> {
    const o = this.#d.options;
    for (const run of [...this.#d.running()]) {
      if (run.retired > 0) await this.#forgetDueRetired(run);
      if (!run.draining || run.bot.watcher.size() > 0) continue;
      try {
        await run.bot.engine.idle();
        await this.#d.halt(run);
        await o.directory.purgeDrained(run.tenant);
      } catch (err) {
        o.logger.error({ err, tenant: run.tenant }, 'draining tenant could not be let go');
      }
    }
  }

  async #forgetDueRetired(run: Running): Promise<void> {
    const o = this.#d.options;
    try {
      const retired = await o.directory.retiredCredentials(run.tenant);
      let left = retired.length;
      for (const r of retired) {
        const fingerprints = [r.account, ...o.accounts.fingerprintsOf(r.token)];
        const until = await retiredKeepUntil(run.sessions, r, fingerprints, o.retiredKeep);
        if (o.clock.now() < until) continue;
        await o.directory.forgetRetired(run.tenant, r.account);
        run.billing?.forget(fingerprints);
        left -= 1;
      }
      run.retired = left;
    } catch (err) {
      o.logger.error({ err, tenant: run.tenant }, 'retired tokens could not be checked');
    }
  }
}
