/**
 * Spend controls in a real browser, through the app's own wiring in workspaces mode: Acme's admin
 * connects a simulated account, names a second approver and sets a second-approval threshold and
 * a member budget in the `/ml settings` dialogs (Edit approvals, Edit spending); Riley's $150
 * request then needs two people, and the card shows "1 of 2 approvals" after Avery's click.
 * Saves docs/img/spend-*.png on request (UPDATE_SCREENSHOTS=1), else to a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { becomes, haveBrowser, live, screenshotsDir, useBrowserApp } from './browser-app.ts';

const SHOTS = screenshotsDir('docs/img', 'mlbot-spend-shots-');
const KEY = `k1:${randomBytes(32).toString('base64')}`;
const TOKEN = 'sandbox-acme';

describe.skipIf(!haveBrowser)('spend controls in a browser', () => {
  const rig = useBrowserApp({ MLBOT_TENANCY: 'workspaces', SECRETS_KEY: KEY });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name) });
  async function type(page: Page, command: string) {
    await page.fill('#command', command);
    await page.press('#command', 'Enter');
  }

  it('sets a second approval and a member budget in the dialogs; a $150 request shows "1 of 2 approvals"', async () => {
    const context = await rig.browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const channel = page.locator('[data-testid="channel"]');
    const dialog = page.locator('#form-dialog[open]');

    await page.goto(`${rig.stack.url}/#acme-avery`);
    await live(page);
    await type(page, '/ml connect');
    await dialog.waitFor();
    await dialog.locator('#ff-token').fill(TOKEN);
    await dialog.locator('#form-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await channel.getByText('Connected. Balance').waitFor();

    // Edit approvals: Morgan becomes the second approver.
    await type(page, '/ml settings');
    await channel.locator('button', { hasText: 'Edit approvals' }).last().click();
    await dialog.waitFor();
    await dialog.locator('#ff-approver_users').fill('acme-avery acme-morgan');
    await dialog.locator('#ff-threshold_usd').fill('50');
    await dialog.locator('#form-submit').click();
    await dialog.waitFor({ state: 'detached' });

    // Edit spending: two approvers from $100, $30 a month per member.
    await type(page, '/ml settings');
    await channel.locator('button', { hasText: 'Edit spending' }).last().click();
    await dialog.waitFor();
    await expect(dialog.locator('#form-title').textContent()).resolves.toMatch(/spending/i);
    await dialog.locator('#ff-second_threshold_usd').fill('100');
    await dialog.locator('#ff-member_budget_usd').fill('30');
    await shot(page, 'spend-settings.png');
    await dialog.locator('#form-submit').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await rig.stack.app.directory.settings('web:acme')).toMatchObject({
      approvers: { web: ['acme-avery', 'acme-morgan'] },
      approvalThresholdCents: 5_000,
      secondApprovalThresholdCents: 10_000,
      memberMonthlyBudgetCents: 3_000,
    });

    // Riley asks for $150: two approvers, and this month's spending on the card.
    await becomes(page, 'acme-riley');
    await type(page, '/ml-fund 150 GPU month');
    const card = channel.locator('[data-kind="bot"]', { hasText: 'It needs 2 different approvers' }).last();
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('spent this month: $0.00 of $30.00');

    await becomes(page, 'acme-avery');
    await card.locator('button[data-action="approve"]').click();
    await card.getByText('1 of 2 approvals').first().waitFor();
    await expect(card.textContent()).resolves.toContain('Avery');
    await card.locator('button', { hasText: 'Withdraw my approval' }).waitFor();
    await shot(page, 'spend-one-of-two.png');

    // Morgan's approval completes it: one link, in Riley's DM.
    await becomes(page, 'acme-morgan');
    await card.locator('button[data-action="approve"]').click();
    await card.locator('button[data-action="approve"]').waitFor({ state: 'detached' });
    await page.locator('[data-person="acme-riley"].has-dm').waitFor();
    await becomes(page, 'acme-riley');
    await expect(page.locator('[data-testid="dm"] a.btn.link').count()).resolves.toBe(1);
    await shot(page, 'spend-approved.png');

    // $40 is under the $50 threshold but over Riley's $30 budget: it needs an approver, and says why.
    await type(page, '/ml-fund 40 eval run');
    const over = channel.locator('[data-kind="bot"]', { hasText: '$40.00' }).last();
    await over.locator('button[data-action="approve"]').waitFor();
    await expect(over.textContent()).resolves.toContain('monthly budget: spent $0.00 of $30.00');
    await shot(page, 'spend-over-budget.png');

    expect(rig.stack.logText()).not.toContain(TOKEN);
    expect(rig.stack.problems.filter((p) => p.level === 'error' || p.level === 'fatal')).toEqual([]);
    await context.close();
  });
});
