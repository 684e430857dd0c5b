/**
 * What a person hears when their call waits for the bot's own budget of ModelsLab billing calls
 * (BillingBudgetWaitError), as opposed to ModelsLab failing or refusing: ModelsLab is fine, the
 * bot is pacing itself under the account's limit, and here is how long that takes.
 */
import { BillingBudgetWaitError, BillingRateLimitedError } from './errors.ts';

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

/**
 * For a rate limit, the sentence that says whose it is and how long it lasts: the bot's own
 * budget, or ModelsLab's limit for the account (a 429, which other tools on the account count
 * towards too). Undefined for every other error.
 */
export function rateLimitSentence(err: unknown): string | undefined {
  if (err instanceof BillingBudgetWaitError) return budgetWaitSentence(err);
  if (err instanceof BillingRateLimitedError) {
    return `ModelsLab's limit of billing calls for this account is used up for the moment (every tool using the account counts towards it): the next call is allowed in ${aboutHowLong(err.retryAfterMs)}.`;
  }
  return undefined;
}
