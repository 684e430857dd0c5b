/**
 * The fund flow in Spanish in a real browser, the whole app behind the playground with the
 * bot's language set to Spanish (BOT_LANGUAGE=es, for channel posts): Riley and Avery each pick
 * "español" in the page's language picker; Riley types `/ml-fund` with nothing after it and the
 * dialog is Spanish, a bad amount is refused under its field in Spanish, the filled form opens a
 * Spanish card, Avery approves, Riley pays the link on the simulated checkout and the receipt
 * lands in the thread, in Spanish. Saves screenshots of the card and the receipt
 * (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { englishIn } from '../support/english-leaks.ts';
import { becomes, haveBrowser, screenshotsDir, useBrowserApp } from './browser-app.ts';

const SHOTS = screenshotsDir();

describe.skipIf(!haveBrowser)('the fund flow in Spanish in a browser', () => {
  const rig = useBrowserApp({ BOT_LANGUAGE: 'es' });

  async function speaksSpanish(page: Page, name: string) {
    await page.getByLabel(`Bot language for ${name}`).selectOption({ label: 'español' });
    expect(await page.getByLabel(`Bot language for ${name}`).inputValue()).toBe('es');
  }

  it('Riley and Avery in español: the dialog, the refusal, the card, the DM and the receipt are Spanish', async () => {
    const simulator = rig.stack.app.simulator!;
    const startBalance = simulator.state.balance();
    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const channel = page.locator('[data-testid="channel"]');
    const dm = page.locator('[data-testid="dm"]');
    await page.goto(`${rig.stack.url}/#web-avery`);
    await page.locator('#status[data-state="live"]').waitFor();
    await speaksSpanish(page, 'Avery');
    await becomes(page, 'web-riley');
    await speaksSpanish(page, 'Riley');

    await page.fill('#command', '/ml-fund');
    await page.press('#command', 'Enter');
    const dialog = page.locator('#form-dialog[open]');
    await dialog.waitFor();
    await expect(dialog.locator('#form-title').textContent()).resolves.toBe('Recargar ModelsLab');
    await expect(dialog.locator('#form-submit').textContent()).resolves.toBe('Solicitar');
    await expect(dialog.locator('#form-cancel').textContent()).resolves.toBe('Cancelar');
    await expect(dialog.textContent()).resolves.toContain('Importe (dólares estadounidenses)');
    await expect(dialog.textContent()).resolves.toMatch(/De 10,00\sUS\$ a 1000,00\sUS\$/);
    await dialog.locator('#ff-amount').fill('12.345');
    await dialog.locator('#form-submit').click();
    await dialog
      .locator('[data-field="amount"] .field-error')
      .getByText('Los importes pueden tener como máximo 2 decimales (centavos).')
      .waitFor();
    expect(englishIn((await dialog.textContent()) ?? '')).toEqual([]);
    expect(await channel.locator('button[data-action="approve"]').count()).toBe(0);

    await dialog.locator('#ff-amount').fill('25');
    await dialog.locator('#ff-note').fill('prueba de GPU');
    await dialog.locator('#form-submit').click();
    await page.locator('#form-dialog:not([open])').waitFor({ state: 'attached' });
    const approve = channel.locator('button[data-action="approve"]');
    await approve.waitFor();
    await expect(approve.textContent()).resolves.toBe('Aprobar');
    const cardText = (await channel.textContent()) ?? '';
    expect(cardText).toMatch(/Solicitud de fondos · 25,00\sUS\$/);
    expect(cardText).toContain('Pendiente de aprobación');
    expect(cardText).toContain('prueba de GPU');
    expect(cardText).toContain('La solicitud');
    await page.screenshot({ path: join(SHOTS, '6-spanish-card.png') });

    await becomes(page, 'web-avery');
    await approve.click();
    await channel.locator('button[data-action="approve"]').waitFor({ state: 'detached' });
    await channel.getByText(/^Aprobaste \w+\./).waitFor();
    await page.locator('[data-person="web-riley"].has-dm').waitFor();
    await becomes(page, 'web-riley');
    const payLink = dm.locator('a.btn.link');
    await payLink.waitFor();
    await expect(payLink.textContent()).resolves.toMatch(/Pagar 25,00\sUS\$/);
    await expect(dm.textContent()).resolves.toContain('está lista para pagar');

    const [checkout] = await Promise.all([context.waitForEvent('page'), payLink.click()]);
    await checkout.waitForLoadState();
    const pay = checkout.locator('[data-testid="pay"]');
    await pay.waitFor();
    await pay.click();
    await checkout.waitForLoadState();
    await checkout.close();
    // "Ya pagué" asks ModelsLab now instead of at the watcher's next check.
    await dm.locator('button[data-action="paid"]').click();

    const thread = channel.locator('[data-testid="thread"]');
    await thread.waitFor({ timeout: 15_000 });
    const balance = (startBalance + 25).toLocaleString('es-ES', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    await thread.getByText(/^Pago recibido: se añadieron 25,00\sUS\$/).waitFor();
    await expect(thread.textContent()).resolves.toMatch(
      new RegExp(`Saldo nuevo: ${balance.replace('.', '\\.')}\\sUS\\$`),
    );
    await dm.getByText(/Recibido, ¡gracias!/).waitFor();
    await channel.getByText('Pagada. El recibo está en el hilo.', { exact: false }).waitFor();
    expect(englishIn((await channel.textContent()) ?? '')).toEqual([]);
    expect(englishIn((await dm.textContent()) ?? '')).toEqual([]);
    await page.screenshot({ path: join(SHOTS, '7-spanish-receipt.png') });

    expect(simulator.state.balance()).toBe(startBalance + 25);
    await context.close();
    expect(rig.stack.problems.filter((p) => p.level === 'error' || p.level === 'fatal')).toEqual([]);
  }, 60_000);
});
