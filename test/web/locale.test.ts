/**
 * Each playground person has a language, as a Slack or Discord member has their client's: the
 * page's picker keeps it per person in the browser and every command, click and form sends it,
 * so the event's actor.locale is that person's. No language picked: no locale (the workspace's).
 * A value that is not a language tag is refused with the rule and nothing reaches the bot.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { WebForm } from '../../adapters/web/index.ts';
import { CHANNEL, createPlayground, type Playground } from '../../adapters/web/index.ts';
import { TrackedInbound } from '../../src/core/shared/inbound.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { InboundEvent } from '../../src/core/shared/types.ts';
import { haveBrowser, launchBrowser } from '../e2e/browser.ts';
import { serve } from '../ops/serve.ts';
import { ACME_GLOBEX, startWorkspacePlayground } from './workspace-rig.ts';

class RecordingEngine {
  readonly events: InboundEvent[] = [];
  async handle(event: InboundEvent): Promise<void> {
    this.events.push(event);
  }
}

const channel = CHANNEL;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const playground: Playground = createPlayground({ sandbox: true, logger: silentLogger });
  const engine = new RecordingEngine();
  playground.attach(new TrackedInbound(engine, silentLogger));
  const server = await serve(playground.handler);
  cleanups.push(server.close, () => playground.close());
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { playground, engine, url: server.url, post };
}

describe('the person’s language over HTTP', () => {
  it('a command and a click carry the locale sent with them; none sent, none set', async () => {
    const { playground, engine, post } = await setup();
    expect((await post('/play/command', { as: 'web-riley', text: '/ml help', locale: 'es' })).status).toBe(202);
    expect((await post('/play/command', { as: 'web-avery', text: '/ml help' })).status).toBe(202);
    await playground.idle();
    const card = await playground.messenger.post(channel, {
      text: 'Approve?',
      buttons: [{ kind: 'action', action: 'approve', value: 'req_1', label: 'Approve' }],
    });
    const click = { messageId: card.messageId, action: 'approve', value: 'req_1' };
    expect((await post('/play/action', { as: 'web-avery', ...click, locale: 'es-419' })).status).toBe(202);
    await playground.idle();
    expect(engine.events.map((e) => [e.kind, e.actor.id, e.actor.locale])).toEqual([
      ['command', 'web-riley', 'es'],
      ['command', 'web-avery', undefined],
      ['action', 'web-avery', 'es-419'],
    ]);
  });

  it('a form is checked and sent with the submitter’s locale (its inline errors are theirs)', async () => {
    const r = await startWorkspacePlayground(cleanups, { workspaces: ACME_GLOBEX });
    r.port.script = async (event, responder) => {
      if (event.kind === 'command')
        await responder.openForm?.({
          name: 'connect',
          title: 'Connect ModelsLab',
          submitLabel: 'Connect',
          fields: [{ id: 'token', kind: 'secret', label: 'Agent access token' }],
        });
    };
    const page = await r.stream('acme-avery');
    await r.post('/play/command', { as: 'acme-avery', text: '/ml connect', locale: 'es' });
    const form = (await page.next((e) => e.event === 'form')).data as WebForm;
    const res = await r.post('/play/form', { as: 'acme-avery', formId: form.id, values: { token: 't' }, locale: 'es' });
    expect(res.status).toBeLessThan(300);
    await r.playground.idle();
    expect(r.port.checked.map((e) => e.actor.locale)).toEqual(['es']);
    expect(r.port.events.map((e) => [e.kind, e.actor.locale])).toEqual([
      ['command', 'es'],
      ['form', 'es'],
    ]);
  });

  it('a locale that is not a language tag is refused with the rule; nothing reaches the bot', async () => {
    const { playground, engine, post } = await setup();
    for (const locale of ['<script>', 'spanish please', 42, 'es-'.padEnd(40, 'x')]) {
      const res = await post('/play/command', { as: 'web-riley', text: '/ml help', locale });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe(
        'locale must be a language tag such as "en" or "es-ES"',
      );
    }
    await playground.idle();
    expect(engine.events).toEqual([]);
  });

  it('the page offers the catalog’s languages, each named in itself', async () => {
    const { url } = await setup();
    const html = await (await fetch(`${url}/`)).text();
    const config = JSON.parse(/<script type="application\/json" id="config">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}');
    expect(config.languages).toEqual([
      { tag: 'en', name: 'English' },
      { tag: 'es', name: 'español' },
    ]);
  });
});

describe.skipIf(!haveBrowser)('the language picker in a browser', () => {
  let browser: Browser | undefined;
  afterAll(async () => browser?.close());

  it('Riley picks español: her commands say es, Avery’s do not, and it is kept over a reload', async () => {
    const { playground, engine, url } = await setup();
    browser ??= await launchBrowser();
    const context = await browser.newContext();
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(`${url}/#web-riley`);
    await page.locator('#status[data-state="live"]').waitFor();
    const picker = page.getByLabel('Bot language for Riley');
    expect(await picker.locator('option').allTextContents()).toEqual(['Workspace default', 'English', 'español']);
    await picker.selectOption('es');

    const send = async (text: string, count: number) => {
      await page.fill('#command', text);
      await page.press('#command', 'Enter');
      await expect.poll(() => engine.events.length).toBe(count);
      await playground.idle();
    };
    await send('/ml help', 1);
    expect(engine.events[0]?.actor).toMatchObject({ id: 'web-riley', locale: 'es' });

    // Avery has a language of her own (none picked yet).
    await page.click('[data-person="web-avery"]');
    await page.locator('#status[data-state="live"]').waitFor();
    expect(await page.getByLabel('Bot language for Avery').inputValue()).toBe('');
    await send('/ml help', 2);
    expect(engine.events[1]?.actor.id).toBe('web-avery');
    expect(engine.events[1]?.actor.locale).toBeUndefined();

    await page.goto(`${url}/#web-riley`);
    await page.reload();
    await page.locator('#status[data-state="live"]').waitFor();
    expect(await page.getByLabel('Bot language for Riley').inputValue()).toBe('es');
    await send('/ml status', 3);
    expect(engine.events[2]?.actor.locale).toBe('es');
  }, 30_000);
});
