/**
 * Our own stand-in for the ConversationEngine in adapter-level tests: it records every event an
 * adapter hands over and answers through the responder as a test scripts it. It reaches the
 * adapters through core's real inbound port (TrackedInbound), as the engine does: the ack-first
 * tracking, the one failure answer and the responder's `finish` are production's.
 */
import { type InboundPort, type PendingEvent, TrackedInbound } from '../../src/core/shared/inbound.ts';
import { type Logger, type Responder, silentLogger } from '../../src/core/shared/ports.ts';
import type { InboundEvent } from '../../src/core/shared/types.ts';

export type EngineScript = (event: InboundEvent, responder: Responder) => Promise<void>;

export class RecordingEngine implements InboundPort {
  readonly events: InboundEvent[] = [];
  script: EngineScript = async () => {};
  readonly #inbound: TrackedInbound;

  constructor(logger: Logger = silentLogger) {
    this.#inbound = new TrackedInbound(this, logger);
  }

  async handle(event: InboundEvent, responder: Responder): Promise<void> {
    this.events.push(event);
    await this.script(event, responder);
  }

  receive(event: InboundEvent | PendingEvent, responder: Responder): void {
    this.#inbound.receive(event, responder);
  }

  track(label: string, work: () => Promise<void>): void {
    this.#inbound.track(label, work);
  }

  idle(): Promise<void> {
    return this.#inbound.idle();
  }
}
