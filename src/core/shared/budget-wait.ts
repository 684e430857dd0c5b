/**
 * What a person hears when their call waits for the bot's own budget of ModelsLab billing calls
 * (BillingBudgetWaitError), as opposed to ModelsLab failing or refusing: ModelsLab is fine, the
 * bot is pacing itself under the account's limit, and here is how long that takes.
 */
import { BillingBudgetWaitError, BillingRateLimitedError } from './errors.ts';
import type { Texts } from './i18n.ts';

/** "about 40 seconds", "about 2 minutes": rounded up, never "0". */
export function aboutHowLong(t: Texts, ms: number): string {
  const seconds = Math.max(5, Math.ceil(ms / 5_000) * 5);
  if (seconds < 90) return t.t('shared.about_seconds', { seconds: String(seconds) });
  return t.t('shared.about_minutes', { minutes: String(Math.ceil(seconds / 60)) });
}

/** "The bot's budget of ModelsLab billing calls (15 a minute …) is used up for now; …". */
export function budgetWaitSentence(t: Texts, err: BillingBudgetWaitError): string {
  const size = err.perMinute === undefined ? '' : t.t('shared.budget_size', { perMinute: String(err.perMinute) });
  return t.t('shared.budget_wait', { size, wait: aboutHowLong(t, err.retryAfterMs) });
}

/**
 * For a rate limit, the sentence that says whose it is and how long it lasts: the bot's own
 * budget, or ModelsLab's limit for the account (a 429, which other tools on the account count
 * towards too). Undefined for every other error.
 */
export function rateLimitSentence(t: Texts, err: unknown): string | undefined {
  if (err instanceof BillingBudgetWaitError) return budgetWaitSentence(t, err);
  if (err instanceof BillingRateLimitedError) {
    return t.t('shared.rate_limited', { wait: aboutHowLong(t, err.retryAfterMs) });
  }
  return undefined;
}
