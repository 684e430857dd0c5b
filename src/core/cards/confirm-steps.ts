/**
 * The confirm steps of Make default / Remove, kept in the store by nonce: what the step confirms,
 * the card once its call was sent, and when it was done. The call's idempotency key comes from the
 * nonce, so a Confirm clicked again after a failure (ModelsLab down, a crash) sends the same key:
 * ModelsLab replays the first call instead of acting twice. Only a step that is done refuses
 * another Confirm.
 */
import type { SavedCard } from '../shared/cards-port.ts';
import type { EngineServices } from '../shared/services.ts';
import type { CardOp } from './card-ops.ts';

/** A confirm step left open longer than this is refused ("expired"); /ml cards makes a new one. */
const STEP_TTL_MS = 24 * 60 * 60 * 1000;

export interface ConfirmStep {
  readonly op: CardOp;
  readonly pm: string;
  /** Who was shown the step (any approver may confirm it). */
  readonly by: string;
  /** Set before the call is first sent: the card as it was then (brand and last four for the answer and the audit). */
  readonly card?: SavedCard;
  /** Epoch ms: ModelsLab did it. Any later Confirm of this step is "already confirmed". */
  readonly doneAt?: number;
}

const stepKey = (nonce: string) => `cardstep:${nonce}`;

export function saveConfirmStep(s: EngineServices, nonce: string, step: ConfirmStep): Promise<void> {
  return s.kv.set(stepKey(nonce), step, STEP_TTL_MS);
}

export function loadConfirmStep(s: EngineServices, nonce: string): Promise<ConfirmStep | undefined> {
  return s.kv.get<ConfirmStep>(stepKey(nonce));
}

/** The lock a Confirm holds while it acts: a double click waits, then finds the step done. */
export const confirmLockId = (nonce: string): string => `cardstep-${nonce}`;
