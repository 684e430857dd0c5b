/**
 * The baseline: ModelsLab's own example, a plain fetch of confirm-checkout every 5 s per pending
 * checkout until it is paid or expired, whatever the answer (429s included).
 */
import type { SimWorld } from './sim-world.ts';
import { ACCOUNT_TOKEN, API_BASE } from './sim-world.ts';

export const NAIVE_INTERVAL_MS = 5_000;

export function pollNaively(world: SimWorld, sessionId: string, onPaid: () => void): void {
  const poll = async (): Promise<void> => {
    const response = await world.fetch(`${API_BASE}/wallet/confirm-checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ACCOUNT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: sessionId }),
    });
    await response.text();
    if (response.status === 200) return onPaid();
    if (response.status === 410 || response.status === 404) return;
    world.at(world.clock.now() + NAIVE_INTERVAL_MS, poll);
  };
  world.at(world.clock.now() + NAIVE_INTERVAL_MS, poll);
}
