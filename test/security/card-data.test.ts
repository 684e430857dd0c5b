/**
 * Issue 18's "Done when": no card number, CVC or client secret ever reaches a chat message, a log
 * line, the store or an error. The whole sandbox app as `npm start` wires it (startStack: the
 * playground, the simulator at /sandbox, a sqlite store in a temporary folder, every log line
 * captured at debug) runs every card flow for real:
 *
 * 1. Avery (an approver) uses /ml cards → Add a card and, in Chromium, types two distinctive cards
 *    into the Stripe.js stand-in with the CVC 739, and one that Stripe declines at set-up.
 * 2. Riley's top-up, approved by Avery, is charged to the card on file three times: the typed
 *    3-D Secure card (requires_action, whose answer carries a `pi_…_secret_…`), a declining
 *    default, then the typed mastercard made the default through /ml cards: succeeded.
 * 3. A subscription goes past due; Morgan's Fix payment is refused, Avery's with a 3-D Secure
 *    default sends the page's URL to Avery's DM, Avery's with a good default fixes it.
 * 4. /ml billing → Edit contact with a tax id; /ml audit's CSV.
 *
 * Then everything the bot produced is grepped: every log line, every message and edit on every
 * person's event stream (the CSV included), every HTTP answer to the page, Avery's page as
 * shown, and every file in the store's folder (the sqlite file, its -wal/-shm, the simulator's
 * state) read as bytes. Positive checks show each flow really happened, so the grep is not empty.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { WebForm, WebMessage } from '../../adapters/web/index.ts';
import { SINGLE_TENANT } from '../../src/core/shared/tenant.ts';
import { SANDBOX_TOKEN } from '../../src/wiring/modelslab.ts';
import { launchBrowser } from '../e2e/browser.ts';
import { becomes, haveBrowser } from '../e2e/browser-app.ts';
import { openAddCardPage, typeCard } from '../e2e/card-browser.ts';
import { type Stack, startStack } from '../e2e/harness.ts';
import { cleanups, fundAndApprove, messages, titleOf, waitUntil, watch } from '../sandbox/app-helpers.ts';
import type { SseStream } from '../web/sse-client.ts';
import { CLIENT_SECRET, findCardData, luhnRuns } from './card-data-scan.ts';

const RILEY = 'web-riley'; // asks for the top-up
const AVERY = 'web-avery'; // the approver
const MORGAN = 'web-morgan'; // a member

// Distinctive: neither is a seeded card's number, and 739 is nobody's default CVC.
const MASTERCARD = '5555555555554444';
const THREE_D_SECURE = '4000002760003184';
const DECLINED_AT_SETUP = '4000000000000002';
const CVC = '739';
const SECRETS = { cardNumbers: [MASTERCARD, THREE_D_SECURE, DECLINED_AT_SETUP], cvc: CVC, token: SANDBOX_TOKEN };

/** The simulator keeps its state beside the store (src/sandbox/state-file.ts). */
const SANDBOX_STATE = 'bot-sandbox.json';
const spaced = (n: string) => (n.match(/.{4}/g) ?? []).join(' ');
const textOf = (m: WebMessage | undefined) => JSON.stringify(m?.reply ?? {});
const latest = (s: SseStream, id: string) => messages(s).findLast((m) => m.id === id);
const actionButton = (m: WebMessage | undefined, action: string, label?: RegExp) =>
  m?.reply.buttons.find((b) => b.kind === 'action' && b.action === action && (!label || label.test(b.label)));

describe('the scanner', () => {
  it('finds each forbidden thing, and passes timestamps and short ids', () => {
    const now = Date.now();
    const found = (text: string) => findCardData(text, SECRETS);
    expect(found(`{"number":"${MASTERCARD}"}`)).not.toEqual([]);
    expect(found(`typed ${spaced(THREE_D_SECURE)} on the page`)).not.toEqual([]);
    expect(found(`{"cvc":"${CVC}"}`)).not.toEqual([]);
    expect(found(`card[cvc]=${CVC}&x=1`)).not.toEqual([]);
    expect(found('seti_1AbC_secret_XyZ9')).not.toEqual([]);
    expect(found(`Authorization: Bearer ${SANDBOX_TOKEN}`)).not.toEqual([]);
    expect(luhnRuns('a visa 4111111111111111 here')).toEqual(['4111111111111111']);
    // Epoch milliseconds (13 digits, within five years of now) are not card numbers.
    const stamps = Array.from({ length: 40 }, (_, i) => String(now - i * 7_919_000)).join(',');
    expect(luhnRuns(`{"at":[${stamps}]}`, now)).toEqual([]);
    // A digit run inside a hex hash or a random id is part of that value (this one passes Luhn).
    expect(luhnRuns('kv:cardadd:129347b1bc4968e8909ad71d9c7599b3462299279025b42f3399c8974', now)).toEqual([]);
    expect(luhnRuns('"number":"3462299279025"', now)).toEqual(['3462299279025']);
    expect(found(`{"at":${now},"amount":739,"last4":"4444","id":"req_12345"}`)).toEqual([]);
  });
});

describe.skipIf(!haveBrowser)('card data never leaves the browser and Stripe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlbot-card-data-'));
  const rig = {} as { stack: Stack; browser: Browser };
  const answers: string[] = []; // every HTTP answer the bot gave the page
  // The add-card page is the one answer that carries a client secret (its own Setup Intent's).
  const addCardPages: string[] = [];
  // The simulator's state file, as read while the app ran and after it stopped.
  const sandboxState: string[] = [];
  beforeAll(async () => {
    [rig.stack, rig.browser] = await Promise.all([
      startStack(
        {
          STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}`,
          ALERT_CHANNEL: 'web:ml-billing',
          // A token every half second: the status checks take spare tokens only.
          MODELSLAB_BILLING_PER_MIN: '120',
        },
        { logLevel: 'debug' },
      ),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await rig.browser?.close();
    await rig.stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = async (path: string, body: unknown) => {
    const res = await fetch(`${rig.stack.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    answers.push(`${path} ${res.status} ${await res.text()}`);
    return res.status;
  };
  const click = (as: string, m: WebMessage, b: ReturnType<typeof actionButton>) => {
    if (b?.kind !== 'action') throw new Error(`no button on ${textOf(m)}`);
    return send('/play/action', { as, messageId: m.id, action: b.action, value: b.value });
  };
  /** The first message `stream` gets after `before` (ids seen then) that matches. */
  async function after(stream: SseStream, before: Set<string>, ok: (m: WebMessage) => boolean, what: string) {
    let found: WebMessage | undefined;
    await waitUntil(what, () => {
      found = messages(stream).find((m) => !before.has(m.id) && ok(m));
      return found !== undefined;
    });
    return found as WebMessage;
  }
  const ids = (s: SseStream) => new Set(messages(s).map((m) => m.id));

  /** Avery's `/ml cards` → Add a card → the DM's link, opened in a new tab; the card typed and saved. */
  async function addCard(context: BrowserContext, page: Page, number: string, expiry: string) {
    const { tab } = await openAddCardPage(context, page);
    addCardPages.push(await tab.content()); // the add-card page as the bot served it
    await typeCard(tab, { number: spaced(number), expiry, cvc: CVC });
    await tab.click('#save');
    await tab.locator('#message.done, #message.error').waitFor();
    const said = (await tab.locator('#message').textContent()) ?? '';
    answers.push(said);
    await tab.close();
    return said;
  }

  it('adds, charges, fixes and edits billing, and nothing it produced holds card data', async () => {
    const { stack, browser } = rig;
    const sim = stack.app.simulator;
    if (!sim) throw new Error('the sandbox app has a simulator');
    const [avery, riley, morgan] = [await watch(stack, AVERY), await watch(stack, RILEY), await watch(stack, MORGAN)];

    // 1. Two cards typed in the browser, and one Stripe declines at set-up.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${stack.url}/#${AVERY}`);
    await becomes(page, AVERY);
    expect(await addCard(context, page, MASTERCARD, '11/31')).toBe('Card saved. You can close this page.');
    expect(await addCard(context, page, DECLINED_AT_SETUP, '11/31')).toMatch(/Your card was declined\./);
    expect(await addCard(context, page, THREE_D_SECURE, '10/32')).toBe('Card saved. You can close this page.');
    const mastercard = sim.state.cards().find((c) => c.brand === 'mastercard' && c.expYear === 2031);
    expect(mastercard?.behaviour).toBe('succeeds');
    expect(sim.state.cards().find((c) => c.isDefault)).toMatchObject({ last4: '3184', behaviour: 'requires_action' });

    let before = ids(avery);
    await send('/play/command', { as: AVERY, text: '/ml cards' });
    const list = await after(avery, before, (m) => textOf(m).includes('expires'), 'the card list');
    expect(textOf(list)).toContain('visa ••3184 · expires 10/2032 · default');
    expect(textOf(list)).toContain('mastercard ••4444 · expires 11/2031');

    // 2. The top-up, charged: 3-D Secure, declined, then succeeded on the typed mastercard.
    const { cardId } = await fundAndApprove(stack, avery, riley, 30);
    await waitUntil('Charge card on file', () => actionButton(latest(avery, cardId), 'charge_card') !== undefined);
    const charge = async (what: RegExp) => {
      const seen = ids(avery);
      const card = latest(avery, cardId) as WebMessage;
      await click(AVERY, card, actionButton(card, 'charge_card'));
      return after(avery, seen, (m) => m.kind === 'ephemeral' && what.test(textOf(m)), `the answer ${what}`);
    };
    await charge(/3-D Secure/);
    expect(sim.state.payments().some((p) => p.status === 'requires_action')).toBe(true);
    sim.controls.addCard('declines', { makeDefault: true });
    await charge(/was declined \(insufficient funds\)/);

    before = ids(avery);
    await send('/play/command', { as: AVERY, text: '/ml cards' });
    const cards = await after(avery, before, (m) => textOf(m).includes('expires'), 'the card list');
    // The seeded mastercard is ••4444 too: the buttons tell the two apart by expiry.
    const makeDefault = cards.reply.buttons.find(
      (b) => b.kind === 'action' && b.label === 'Make default mastercard ••4444 (11/2031)',
    );
    expect(makeDefault?.kind === 'action' && makeDefault.value).toBe(`default:${mastercard?.id}`);
    await click(AVERY, cards, makeDefault);
    await waitUntil('the confirm step', () => actionButton(latest(avery, cards.id), 'card_confirm') !== undefined);
    await click(AVERY, latest(avery, cards.id) as WebMessage, actionButton(latest(avery, cards.id), 'card_confirm'));
    await waitUntil('the new default', () => sim.state.cards().find((c) => c.isDefault)?.id === mastercard?.id);
    await charge(/Charged \$30\.00 to the card on file mastercard ••4444/);
    await waitUntil('the receipt', () =>
      messages(avery).some(
        (m) => m.threadId === cardId && textOf(m).includes('Charged to the card on file mastercard'),
      ),
    );

    // 3. A subscription past due: the notice, a member refused, 3-D Secure to Avery's DM, fixed.
    const subId = sim.controls.pastDue();
    await new Promise((r) => setTimeout(r, 1_500)); // a spare token for the status check
    // Moving the alert channel restarts the monitor, which checks at once.
    const settings = await stack.app.directory.settings(SINGLE_TENANT);
    await stack.app.directory.saveSettings(
      SINGLE_TENANT,
      { ...settings, alertChannelId: 'ml-ops' },
      {
        platform: 'web',
        id: AVERY,
      },
    );
    let notice: WebMessage | undefined;
    await waitUntil('the notice', () => {
      notice = messages(morgan).find((m) => titleOf(m).startsWith('Subscription payment failed'));
      return notice !== undefined;
    });
    const noticeId = (notice as WebMessage).id;
    const fix = async (as: string, stream: SseStream, what: RegExp) => {
      const seen = ids(stream);
      const current = latest(stream, noticeId) as WebMessage;
      await click(as, current, actionButton(current, 'fix_payment'));
      return after(stream, seen, (m) => m.kind === 'ephemeral' && what.test(textOf(m)), `the answer ${what}`);
    };
    await fix(MORGAN, morgan, /Only approvers can fix a subscription payment/);
    sim.controls.addCard('requires_action', { makeDefault: true });
    const dmsBefore = ids(avery);
    await fix(AVERY, avery, /Check your DMs/);
    const fixDm = await after(
      avery,
      dmsBefore,
      (m) => m.kind === 'dm' && m.reply.buttons.some((b) => b.kind === 'link' && b.url.includes('/checkout/fix/')),
      'the fix page in the DM',
    );
    expect(fixDm.visibleTo).toBe(AVERY);
    const fixLink = fixDm.reply.buttons.find((b) => b.kind === 'link');
    const fixUrl = fixLink?.kind === 'link' ? fixLink.url : '';
    expect(fixUrl).toMatch(new RegExp(`/checkout/fix/${subId}$`));
    sim.controls.addCard('succeeds', { makeDefault: true });
    await fix(AVERY, avery, /Fixed: the payment went through/);
    await waitUntil('the notice edited', () => {
      const edited = latest(morgan, noticeId);
      return textOf(edited).includes('Fixed by') && edited?.reply.buttons.length === 0;
    });
    expect(sim.state.subscriptionStatus(subId)).toBe('active');

    // 4. Billing details with a tax id, then the audit CSV.
    before = ids(avery);
    await send('/play/command', { as: AVERY, text: '/ml billing' });
    const details = await after(avery, before, (m) => actionButton(m, 'billing_edit') !== undefined, 'the details');
    const forms = avery.events.filter((e) => e.event === 'form').length;
    await click(AVERY, details, actionButton(details, 'billing_edit', /contact/i));
    await waitUntil('the form', () => avery.events.filter((e) => e.event === 'form').length > forms);
    const form = avery.events.filter((e) => e.event === 'form').at(-1)?.data as WebForm;
    before = ids(avery);
    const status = await send('/play/form', {
      as: AVERY,
      formId: form.id,
      values: { name: 'Acme GmbH', email: 'billing@acme.example', tax_id_type: 'eu_vat', tax_id: 'DE123456789' },
    });
    expect(status).toBe(202);
    await after(avery, before, (m) => textOf(m).includes('Billing details updated'), 'the updated details');
    expect(sim.state.billingInfo()).toMatchObject({ taxId: 'DE123456789' });

    before = ids(avery);
    await send('/play/command', { as: AVERY, text: '/ml audit' });
    const audit = await after(avery, before, (m) => m.reply.attachment !== undefined, 'the audit CSV');
    const csv = audit.reply.attachment?.content ?? '';
    expect(csv).toMatch(/added mastercard ••4444 \(pm_\w+\)/);
    expect(csv).toContain('DE123456789');
    expect(csv).toMatch(/subscription/);

    // Everything the bot produced, while it runs (the -wal holds the newest writes) and after.
    await stack.app.playground?.idle();
    const pageHtml = await page.content();
    const channelHtml = await page.locator('[data-testid="channel"]').innerHTML();
    await context.close();
    const readDir = () =>
      Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('latin1')]));
    const running = readDir();
    // The store runs in WAL mode: the newest writes are in the -wal file until a checkpoint.
    expect(Object.keys(running)).toEqual(expect.arrayContaining(['bot.sqlite', 'bot.sqlite-wal', SANDBOX_STATE]));
    const allOf = (s: SseStream) => s.events.map((e) => JSON.stringify(e.data)).join('\n');
    const events = { avery: allOf(avery), riley: allOf(riley), morgan: allOf(morgan) };
    const logs = stack.logText();
    // The grep is not empty: each place holds what the flows wrote, the safe parts of the cards included.
    for (const said of ['add-card page opened', '"/wallet/fund","method":"POST","status":202', 'notice posted'])
      expect(logs).toContain(said);
    expect(events.avery).toContain('••3184');
    expect(pageHtml).toContain('••3184');
    const storeBytes = Object.entries(running)
      .filter(([f]) => f.startsWith('bot.sqlite'))
      .map(([, t]) => t)
      .join('');
    // Read as latin1, like the files: '••' is UTF-8 there.
    for (const kept of ['DE123456789', 'playground:conversation', '••3184', 'Fixed by'])
      expect(storeBytes).toContain(Buffer.from(kept).toString('latin1'));

    // Avery's DM holds the fix page's URL: it must be the only place.
    const urlElsewhere: string[] = [];
    if (logs.includes(fixUrl)) urlElsewhere.push('a log line');
    if (events.riley.includes(fixUrl)) urlElsewhere.push("Riley's page");
    if (events.morgan.includes(fixUrl)) urlElsewhere.push("Morgan's page");
    if (channelHtml.includes(fixUrl)) urlElsewhere.push("the channel on Avery's page");
    if (csv.includes(fixUrl)) urlElsewhere.push('the audit CSV');
    for (const e of avery.events) {
      const m = e.data as WebMessage;
      if (JSON.stringify(e.data).includes(fixUrl) && !(m.id === fixDm.id && m.kind === 'dm' && m.visibleTo === AVERY))
        urlElsewhere.push(`Avery's ${e.event} ${JSON.stringify(e.data).slice(0, 200)}`);
    }
    if (answers.some((a) => a.includes(fixUrl))) urlElsewhere.push('an HTTP answer');

    await rig.stack.stop();
    const stopped = readDir();
    // In the store, row by row: only the playground's copy of that DM may hold it.
    const db = new DatabaseSync(join(dir, 'bot.sqlite'), { readOnly: true });
    let dmRows = 0;
    for (const row of db.prepare('SELECT key, value FROM keyv').all() as Array<{ key: string; value: string }>) {
      if (!String(row.value).includes(fixUrl)) continue;
      if (row.key.endsWith(`playground:conversation:msg:${fixDm.id}`)) dmRows++;
      else urlElsewhere.push(`the store's ${row.key}`);
    }
    db.close();
    expect(dmRows).toBe(1); // the DM itself is kept (so the row scan does see the URL)
    for (const [name, text] of Object.entries({ ...running, ...stopped })) {
      if (name === 'bot.sqlite' || name.startsWith('bot.sqlite-')) continue; // checked row by row
      // The simulator's own state (it plays ModelsLab, which made that page) is not the bot's.
      if (name === SANDBOX_STATE) continue;
      if (text.includes(fixUrl)) urlElsewhere.push(name);
    }
    expect(urlElsewhere).toEqual([]);

    const kindOf = (finding: string) => finding.slice(0, finding.indexOf(':'));
    const pageLeaks = addCardPages.flatMap((html, i) =>
      findCardData(html, SECRETS)
        .filter((f) => kindOf(f) !== 'client secret')
        .map((f) => `add-card page ${i + 1}: ${f}`),
    );
    // The simulator plays ModelsLab and Stripe: the token it accepts and the secrets it made are
    // its own. But it promises to keep no card number or CVC (docs/cards.md "The simulator").
    for (const f of [SANDBOX_STATE]) sandboxState.push(running[f] ?? '', stopped[f] ?? '');
    const simulatorLeaks = sandboxState.flatMap((text) =>
      findCardData(text, SECRETS)
        .filter((f) => !['client secret', 'ModelsLab token'].includes(kindOf(f)))
        .map((f) => `${SANDBOX_STATE}: ${f}`),
    );
    expect(sandboxState.join('')).toContain('"last4":"3184"');
    const places: Record<string, string> = {
      logs,
      ...Object.fromEntries(Object.entries(events).map(([who, t]) => [`${who}'s event stream`, t])),
      "Avery's page": pageHtml,
      'HTTP answers': answers.join('\n'),
      'audit CSV': csv,
    };
    for (const [files, when] of [
      [running, 'running'],
      [stopped, 'stopped'],
    ] as const)
      for (const [f, t] of Object.entries(files)) if (f !== SANDBOX_STATE) places[`${f} (${when})`] = t;
    const leaks = Object.entries(places).flatMap(([where, text]) =>
      findCardData(text, SECRETS).map((f) => `${where}: ${f}`),
    );
    expect([...leaks, ...pageLeaks, ...simulatorLeaks]).toEqual([]);
    // Client secrets really passed through the bot: Setup Intents for the page, and the 3-D
    // Secure charge's 202 (whose body carries the Payment Intent's secret).
    const calls = sim.state.calls();
    expect(calls.filter((c) => c.path === '/billing/setup-intent' && c.status === 200).length).toBeGreaterThanOrEqual(
      3,
    );
    expect(calls.some((c) => c.path === '/wallet/fund' && c.status === 202)).toBe(true);
  }, 120_000);

  // The simulator's replay cache keeps whole answers in memory; the state file beside the store
  // (./data/mlbot-sandbox.json) leaves out those holding a client secret (src/sandbox/idempotency.ts).
  it('the simulator’s state file beside the store keeps no client secret', () => {
    expect(sandboxState.join('')).toContain('"last4":"3184"'); // the flows above ran
    const secrets = sandboxState.flatMap((text) => [...text.matchAll(CLIENT_SECRET)].map((m) => m[0]));
    expect(secrets).toEqual([]);
  });
});

// A note or reason is stored and posted on the request card for the channel: one that looks like
// card data (a Luhn-valid number, a named security code) is refused with the rule, never kept
// (core/shared/card-data.ts, policy.ts checkFreeText).
it('a card number typed into a request note is refused, never repeated', async () => {
  const stack = await startStack({}, { logLevel: 'debug' });
  onTestFinished(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await stack.stop();
  });
  const [avery, riley] = [await watch(stack, AVERY), await watch(stack, RILEY)];
  await fetch(`${stack.url}/play/command`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as: RILEY, text: `/ml-fund 20 card ${spaced(THREE_D_SECURE)} cvc ${CVC}` }),
  });
  // The bot answered (a request card or a refusal), so there is something to grep.
  await waitUntil('an answer', () => messages(riley).some((m) => m.kind !== 'invocation'));
  await stack.app.playground?.idle();
  const shown = [...avery.events, ...riley.events]
    .map((e) => e.data as WebMessage)
    .filter((m) => m.kind !== 'invocation') // the person's own command, as they typed it
    .map((m) => JSON.stringify(m));
  const leaks = [...shown, stack.logText()].flatMap((text) => findCardData(text, SECRETS));
  expect(leaks).toEqual([]);
  expect(shown.some((m) => m.includes('looks like card details, so it was not kept'))).toBe(true);
}, 30_000);
