/**
 * The confirm steps of Make default / Remove, kept in the store by nonce: what the step confirms
 * and, once confirmed, the idempotency key its call carries. The key is written before the call,
 * so the call a confirm makes is known even if the process dies during it.
 */
import type { EngineServices } from '../shared/services.ts';
import type { CardOp } from './card-ops.ts';

/** A confirm step left open longer than this is refused ("expired"); /ml cards makes a new one. */
const STEP_TTL_MS = 24 * 60 * 60 * 1000;

export interface ConfirmStep {
  readonly op: CardOp;
  readonly pm: string;
  /** Who was shown the step (any approver may confirm it). */
  readonly by: string;
  readonly key?: string;
}

const stepKey = (nonce: string) => `cardstep:${nonce}`;

export function saveConfirmStep(s: EngineServices, nonce: string, step: ConfirmStep): Promise<void> {
  return s.kv.set(stepKey(nonce), step, STEP_TTL_MS);
}

export function loadConfirmStep(s: EngineServices, nonce: string): Promise<ConfirmStep | undefined> {
  return s.kv.get<ConfirmStep>(stepKey(nonce));
}

/** True for the first Confirm of this step only: a double click or a second approver's click gets false. */
export function claimConfirmStep(s: EngineServices, nonce: string): Promise<boolean> {
  return s.once.claim(`cardstep-confirmed:${nonce}`, STEP_TTL_MS);
}
