/**
 * The playground with workspaces, in a real browser, behind our own stand-in port (the wiring of
 * the real engine and tenants comes with the app): switch between Acme and Globex, see that one's
 * channel never shows the other's, open a form as Acme's admin, get an inline error for a wrong
 * token, then submit the right one: the dialog closes and the token is nowhere in the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FormSpec } from '../../src/core/shared/forms.ts';
import type { FormEvent } from '../../src/core/shared/types.ts';
import { ACME_GLOBEX, type Cleanups, startWorkspacePlayground } from '../web/workspace-rig.ts';
import { CHROMIUM, haveBrowser, launchBrowser } from './browser.ts';

if (!haveBrowser) console.log(`browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const SECRET = 'sandbox-acme-77e1c0ffee';
const WRONG = 'not-a-token-5b4a';
const CONNECT: FormSpec = {
  name: 'connect',
  title: 'Connect ModelsLab',
  submitLabel: 'Connect',
  intro: 'Paste the agent access token of the account Acme pays from.',
  fields: [
    { id: 'token', kind: 'secret', label: 'Agent access token', hint: 'From modelslab.com, Agent settings' },
    {
      id: 'approvers',
      kind: 'users',
      label: 'Approvers',
      hint: 'People ids, separated by commas',
      initial: ['acme-avery'],
    },
    { id: 'self', kind: 'toggle', label: 'Allow self-approval', initial: 'no' },
  ],
};

describe.skipIf(!haveBrowser)('playground workspaces in a browser', () => {
  let browser: Browser;
  const cleanups: Cleanups = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const live = (page: Page) => page.locator('#status[data-state="live"]').waitFor();

  it('switches workspaces, keeps their channels apart, and walks a form with a secret', async () => {
    const rig = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX });
    rig.port.script = async (event, responder) => {
      if (event.kind === 'command' && event.command === 'fund')
        await responder.reply({ text: `Fund request in ${event.conversation.workspaceId}` });
      if (event.kind === 'command' && event.text === 'connect') await responder.openForm?.(CONNECT);
      if (event.kind === 'form') await responder.reply({ text: 'Connected.', ephemeral: true });
    };
    rig.port.check = async (event) =>
      event.values.token === SECRET
        ? undefined
        : { token: 'ModelsLab refused that token: check it and paste it again.' };
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    const channel = page.locator('[data-testid="channel"]');

    await page.goto(`${rig.server.url}/#acme-riley`);
    await live(page);
    await page.locator('[data-workspace="acme"][aria-pressed="true"]').waitFor();
    await expect(page.locator('#workspace-sub').textContent()).resolves.toBe('its admin: Avery');
    await expect(page.locator('[data-person="acme-avery"] .role').textContent()).resolves.toBe('admin · approver');
    expect(await page.locator('[data-person^="globex-"]').count()).toBe(0);

    await page.fill('#command', '/ml-fund 50 GPU');
    await page.press('#command', 'Enter');
    await channel.getByText('Fund request in acme').waitFor();

    // Globex: Riley of Globex, a channel that has never heard of Acme's request.
    await page.click('[data-workspace="globex"]');
    await page.locator('[data-person="globex-riley"][aria-pressed="true"]').waitFor();
    await live(page);
    await page.locator('[data-testid="channel-empty"]').waitFor();
    expect(await channel.textContent()).not.toContain('Fund request');
    await expect(page.locator('#workspace-name').textContent()).resolves.toBe('Globex');

    // Back to Acme, as its admin: /ml connect opens the dialog.
    await page.click('[data-workspace="acme"]');
    await page.locator('[data-person="acme-riley"][aria-pressed="true"]').waitFor();
    await channel.getByText('Fund request in acme').waitFor();
    await page.click('[data-person="acme-avery"]');
    await live(page);
    await page.fill('#command', '/ml connect');
    await page.press('#command', 'Enter');
    const dialog = page.locator('#form-dialog[open]');
    await dialog.waitFor();
    await expect(dialog.locator('#form-title').textContent()).resolves.toBe('Connect ModelsLab');
    await expect(dialog.textContent()).resolves.toContain(
      'Paste the agent access token of the account Acme pays from.',
    );
    const token = dialog.locator('#ff-token');
    expect(await token.getAttribute('type')).toBe('password');
    expect(await token.getAttribute('autocomplete')).toBe('off');
    await expect(dialog.getByText('From modelslab.com, Agent settings').isVisible()).resolves.toBe(true);
    expect(await dialog.locator('#ff-approvers').inputValue()).toBe('acme-avery');
    expect(await dialog.locator('#ff-self').getAttribute('type')).toBe('checkbox');
    expect(await dialog.locator('#ff-self').isChecked()).toBe(false);

    // A wrong token: the message under the field, the field empty again, nothing sent.
    await token.fill(WRONG);
    await dialog.locator('#form-submit').click();
    const error = dialog.locator('[data-field="token"] .field-error');
    await error.getByText('ModelsLab refused that token').waitFor();
    expect(await token.inputValue()).toBe('');
    expect(await token.getAttribute('aria-invalid')).toBe('true');
    expect(rig.port.events.filter((e) => e.kind === 'form')).toEqual([]);

    // The right one: the dialog closes, the answer comes, and the token is not in the page.
    await token.fill(SECRET);
    await dialog.locator('#ff-self').check();
    await dialog.locator('#form-submit').click();
    await page.locator('#form-dialog:not([open])').waitFor({ state: 'attached' });
    await channel.getByText('Connected.').waitFor();
    await rig.playground.idle();
    const sent = rig.port.events.filter((e): e is FormEvent => e.kind === 'form');
    expect(sent.map((e) => [e.conversation.workspaceId, e.actor.id, e.values])).toEqual([
      ['acme', 'acme-avery', { token: SECRET, approvers: ['acme-avery'], self: 'yes' }],
    ]);
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.evaluate(() => [...document.querySelectorAll('input')].map((i) => i.value))).not.toContain(
      SECRET,
    );
    expect(rig.store.dump()).not.toContain(SECRET);
    expect(rig.logLines.join('\n')).not.toContain(SECRET);
  });

  it('fits a 390 px phone with the switcher: nothing wider than the screen', async () => {
    const rig = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(`${rig.server.url}/#globex-morgan`);
    await live(page);
    await page.locator('[data-workspace="globex"][aria-pressed="true"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    for (const id of ['acme', 'globex']) {
      const box = await page.locator(`[data-workspace="${id}"]`).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, id).toBe(true);
    }
  });
});
