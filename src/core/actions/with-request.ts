/** Lock a request by id, load it, and hand it to a button handler; unknown ids get a clear answer. */
import type { Responder } from '../ports.ts';
import type { PaymentRequest } from '../request.ts';
import type { EngineServices } from '../services.ts';
import { notFound } from '../views/notices.ts';

export async function withRequest(
  s: EngineServices,
  id: string,
  respond: Responder,
  work: (request: PaymentRequest) => Promise<void>,
): Promise<void> {
  const trimmed = id.trim();
  // Ids are ours and short; anything else cannot be one (and must not become a store key).
  if (!/^[a-z0-9_-]{1,64}$/i.test(trimmed)) {
    await respond.reply(notFound(trimmed));
    return;
  }
  await s.locks.run(trimmed, async () => {
    const request = await s.ledger.get(trimmed);
    if (!request) {
      await respond.reply(notFound(trimmed));
      return;
    }
    await work(request);
  });
}
