/**
 * `/ml report` in the playground, in a real browser on the app's own wiring: the figures in the
 * card and both charts as <img> (PNG data the server drew), with alt text carrying the figures.
 * With UPDATE_SCREENSHOTS=1 it saves docs/img/report-playground.png and the two charts as
 * docs/img/report-balance.png and docs/img/report-members.png (docs/report.md shows them).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haveBrowser, screenshotsDir, useBrowserApp } from '../e2e/browser-app.ts';
import { pngSize } from './png.ts';
import { DAY, request } from './seed.ts';

const SHOTS = screenshotsDir('docs/img', 'mlbot-report-shots-');

describe.skipIf(!haveBrowser)('/ml report in the playground', () => {
  const rig = useBrowserApp();

  it('shows the figures and both charts as images in the conversation', async () => {
    const now = Date.now();
    const riley = { platform: 'web', id: 'web-riley', name: 'Riley' } as const;
    const morgan = { platform: 'web', id: 'web-morgan', name: 'Morgan' } as const;
    for (const r of [
      request({ payer: riley, amountCents: 5000, createdAt: now - 5 * DAY, paidAt: [now - 5 * DAY] }),
      request({ payer: morgan, amountCents: 2500, createdAt: now - 3 * DAY, paidAt: [now - 3 * DAY] }),
      request({
        payer: riley,
        purpose: 'subscribe',
        amountCents: 1900,
        createdAt: now - 2 * DAY,
        paidAt: [now - 2 * DAY],
      }),
      request({ payer: morgan, amountCents: 1200, createdAt: now - DAY }),
    ])
      await rig.stack.app.stores.requests.put({
        ...r,
        platform: 'web',
        conversation: { platform: 'web', channelId: 'general' },
      });

    const context = await rig.browser.newContext({ viewport: { width: 1280, height: 1500 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${rig.stack.url}/#web-avery`);
    await page.locator('#status[data-state="live"]').waitFor();
    await page.fill('#command', '/ml report');
    await page.press('#command', 'Enter');
    const card = page.locator('.card', { hasText: 'Spend report, last 7 days' });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Spent (confirmed payments): $94.00: top-ups $75.00, subscriptions $19.00.');
    expect(text).toContain('Open requests: 1, $12.00 in all');
    const images = card.locator('img.chart');
    await expect.poll(() => images.count()).toBe(2);
    // Drawn and loaded: the browser decoded each PNG at the size the server drew it.
    await expect
      .poll(() => images.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth)))
      .toEqual([800, 800]);
    const alts = await images.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).alt));
    expect(alts[1]).toContain('Riley $69.00');
    expect(alts[1]).toContain('Morgan $25.00');
    const srcs = await images.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).src));
    const pngs = srcs.map((s) => Buffer.from(s.replace(/^data:image\/png;base64,/, ''), 'base64'));
    for (const png of pngs) expect(pngSize(new Uint8Array(png))).toEqual({ width: 800, height: 400 });
    writeFileSync(join(SHOTS, 'report-balance.png'), pngs[0] as Buffer);
    writeFileSync(join(SHOTS, 'report-members.png'), pngs[1] as Buffer);
    await card.screenshot({ path: join(SHOTS, 'report-playground.png') });
    await context.close();
  }, 30_000);
});
