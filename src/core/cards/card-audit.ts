/**
 * The audit row of a card change (added, set default, removed). The detail names the card by
 * brand and last four, and its pm id: never more of it. Audit details are records, kept in
 * English whatever the workspace's language.
 */
import type { SavedCard } from '../shared/cards-port.ts';
import type { EngineServices } from '../shared/services.ts';
import type { UserRef } from '../shared/types.ts';
import { cardName } from './cards-view.ts';

/**
 * Appends the row; `detail` gets the card's English name ("visa ••4242") and says what happened,
 * e.g. `removed visa ••4242 (pm_…)`.
 */
export async function auditCardChange(
  s: EngineServices,
  card: SavedCard,
  entry: { readonly actor: UserRef; readonly detail: (cardName: string) => string },
): Promise<void> {
  await s.audit.append({
    at: s.clock.now(),
    requestId: 'cards',
    purpose: 'card',
    from: null,
    to: 'done',
    actor: entry.actor,
    detail: entry.detail(cardName(s.texts('en'), card)),
  });
}
