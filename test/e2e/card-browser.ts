/**
 * The add-card page in a browser, as Avery reaches it in the playground (test/e2e/add-card.test.ts,
 * test/security/card-data.test.ts): `/ml cards` → Add a card → the DM's private link, opened in a
 * new tab; then a card typed into the Stripe.js stand-in's inputs.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** Avery's `/ml cards` → Add a card → the DM's link, opened in a new tab once the card inputs show. */
export async function openAddCardPage(context: BrowserContext, page: Page): Promise<{ tab: Page; href: string }> {
  const channel = page.locator('[data-testid="channel"]');
  const dm = page.locator('[data-testid="dm"]');
  const links = await dm.locator('a.btn.link').count();
  const sent = channel.locator('[data-kind="ephemeral"]', { hasText: 'I sent you a private link by DM' });
  const sentBefore = await sent.count();
  await page.fill('#command', '/ml cards');
  await page.press('#command', 'Enter');
  const add = channel.locator('button[data-action="card_add"]').last();
  await add.waitFor();
  await add.click();
  await sent.nth(sentBefore).waitFor();
  const link = dm.locator('a.btn.link').nth(links);
  await link.waitFor();
  const href = (await link.getAttribute('href')) ?? '';
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.waitForLoadState();
  await tab.locator('#card-element input[name="cardnumber"]').waitFor();
  return { tab, href };
}

/** Types a card into the stand-in's three inputs (number as written, expiry MM/YY, CVC). */
export async function typeCard(tab: Page, card: { number: string; expiry: string; cvc: string }): Promise<void> {
  await tab.fill('#card-element input[name="cardnumber"]', card.number);
  await tab.fill('#card-element input[name="exp-date"]', card.expiry);
  await tab.fill('#card-element input[name="cvc"]', card.cvc);
}
