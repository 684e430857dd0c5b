/**
 * Our own stand-in for the ConversationEngine in adapter-level tests: it records every event an
 * adapter hands over and answers through the responder as a test scripts it.
 */
import type { Responder } from '../../src/core/shared/ports.ts';
import type { InboundEvent } from '../../src/core/shared/types.ts';

export type EngineScript = (event: InboundEvent, responder: Responder) => Promise<void>;

export class RecordingEngine {
  readonly events: InboundEvent[] = [];
  script: EngineScript = async () => {};

  async handle(event: InboundEvent, responder: Responder): Promise<void> {
    this.events.push(event);
    await this.script(event, responder);
  }
}
