/**
 * What a person hears when their call waits for the bot's own budget of ModelsLab billing calls
 * (BillingBudgetWaitError), as opposed to ModelsLab failing or refusing: ModelsLab is fine, the
 * bot is pacing itself under the account's limit, and here is how long that takes.
 */
import type { BillingBudgetWaitError } from '../errors.ts';

/** "about 40 seconds", "about 2 minutes": rounded up, never "0". */
export function aboutHowLong(ms: number): string {
  const seconds = Math.max(5, Math.ceil(ms / 5_000) * 5);
  if (seconds < 90) return `about ${seconds} seconds`;
  return `about ${Math.ceil(seconds / 60)} minutes`;
}

/** "The bot's budget of ModelsLab billing calls (15 a minute …) is used up for now; …". */
export function budgetWaitSentence(err: BillingBudgetWaitError): string {
  const size = err.perMinute === undefined ? '' : ` (${err.perMinute} a minute for the whole account)`;
  return `ModelsLab is fine, but the bot's own budget of billing calls${size} is used up for the moment: the next call frees up in ${aboutHowLong(err.retryAfterMs)}.`;
}
