/**
 * The Stripe.js stand-in as the add-card page runs it. The script the simulator serves, mounted
 * under /sandbox as the app mounts it, runs against the real simulator over HTTP: it finds its
 * confirm endpoint from its own src, renders the three labelled inputs, sends the card and hands
 * back Stripe's answer shapes. Without a browser it runs in a V8 context whose document holds just
 * the few DOM calls the script makes (a stand-in of the browser, not of anything we own); with the
 * system Chromium it also runs in a real page of another origin, so CORS is exercised for real.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { haveBrowser, launchBrowser } from '../e2e/browser.ts';

let sim: Simulator;
let app: Server;
/** Where the app mounts the simulator: `<PUBLIC_URL>/sandbox`. */
let sandboxUrl: string;
let billing: ModelsLabBilling;

beforeAll(async () => {
  sim = createSimulator({ billingPerMin: 1000 });
  app = createServer((req, res) => {
    if (!req.url?.startsWith('/sandbox/')) {
      res.writeHead(404).end();
      return;
    }
    req.url = req.url.slice('/sandbox'.length);
    void sim.handler(req, res);
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  sandboxUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/sandbox`;
  billing = new ModelsLabBilling(
    new ModelsLabClient({ baseUrl: `${sandboxUrl}/api/agents/v1`, token: 'sandbox-token', retry: { limit: 0 } }),
  );
});
afterAll(async () => {
  app.closeAllConnections();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

/** The little of the DOM the stand-in touches. */
class Node {
  readonly children: Node[] = [];
  readonly attributes: Record<string, string> = {};
  readonly style: Record<string, string> = {};
  readonly listeners: Record<string, Array<() => void>> = {};
  parentNode: Node | null = null;
  name = '';
  type = '';
  value = '';
  readonly tagName: string;
  readonly text: string;
  constructor(tagName: string, text = '') {
    this.tagName = tagName;
    this.text = text;
  }
  appendChild(child: Node): Node {
    this.children.push(child);
    child.parentNode = this;
    return child;
  }
  removeChild(child: Node): Node {
    this.children.splice(this.children.indexOf(child), 1);
    return child;
  }
  get firstChild(): Node | null {
    return this.children[0] ?? null;
  }
  setAttribute(k: string, v: string): void {
    this.attributes[k] = v;
  }
  addEventListener(type: string, fn: () => void): void {
    if (!this.listeners[type]) this.listeners[type] = [];
    this.listeners[type].push(fn);
  }
  focus(): void {}
  all(): Node[] {
    return this.children.flatMap((c) => [c, ...c.all()]);
  }
}

interface StandIn {
  // biome-ignore lint/suspicious/noExplicitAny: the script's own objects
  Stripe(key: string): any;
}

async function loadStandIn(mount: Node): Promise<StandIn> {
  const src = `${sandboxUrl}/stripe/v3.js`;
  const source = await (await fetch(src)).text();
  const document = {
    currentScript: { src },
    createElement: (tag: string) => new Node(tag.toUpperCase()),
    createTextNode: (text: string) => new Node('#text', text),
    querySelector: (selector: string) => (selector === '#card-element' ? mount : null),
  };
  const context: Record<string, unknown> = { document, fetch, setTimeout };
  context.window = context;
  createContext(context);
  runInContext(source, context);
  return context as unknown as StandIn;
}

function input(mount: Node, name: string): Node {
  const found = mount.all().find((n) => n.tagName === 'INPUT' && n.name === name);
  if (!found) throw new Error(`no input ${name}`);
  return found;
}

describe('the Stripe.js stand-in script', () => {
  it('mounts three labelled inputs, confirms on its own base, and the card it set up attaches', async () => {
    const mount = new Node('DIV');
    const { Stripe } = await loadStandIn(mount);
    const stripe = Stripe(await billing.stripePublishableKey());
    const card = stripe.elements().create('card');
    card.mount('#card-element');
    const labels = mount.children.filter((n) => n.tagName === 'LABEL');
    expect(labels.map((l) => l.children.find((c) => c.tagName === '#text')?.text.trim())).toEqual([
      'Card number',
      'Expiry (MM/YY)',
      'CVC',
    ]);
    expect(labels.map((l) => l.children.find((c) => c.tagName === 'INPUT')?.name)).toEqual([
      'cardnumber',
      'exp-date',
      'cvc',
    ]);

    const intent = await billing.createSetupIntent('js-setup-1');
    input(mount, 'cardnumber').value = '5555 5555 5555 4444';
    input(mount, 'exp-date').value = '07/31';
    input(mount, 'cvc').value = '321';
    const result = await stripe.confirmCardSetup(intent.clientSecret, { payment_method: { card } });
    expect(result).toEqual({
      setupIntent: { id: intent.setupIntentId, status: 'succeeded', payment_method: expect.stringMatching(/^pm_/) },
    });
    const saved = await billing.attachCard(result.setupIntent.payment_method, false, 'js-attach-1');
    expect(saved).toMatchObject({ brand: 'mastercard', last4: '4444', expMonth: 7, expYear: 2031 });
    expect((await billing.listCards()).map((c) => c.id)).toContain(saved.id);
  });

  it('resolves { error: { message } } for a declined card, a bad number and a past expiry', async () => {
    const mount = new Node('DIV');
    const { Stripe } = await loadStandIn(mount);
    const stripe = Stripe('pk_test_x');
    const card = stripe.elements().create('card');
    card.mount(mount);
    const intent = await billing.createSetupIntent('js-setup-2');
    const attempt = async (number: string, exp: string) => {
      input(mount, 'cardnumber').value = number;
      input(mount, 'exp-date').value = exp;
      input(mount, 'cvc').value = '123';
      return stripe.confirmCardSetup(intent.clientSecret, { payment_method: { card } });
    };
    expect(await attempt('4000000000000002', '12/34')).toMatchObject({ error: { message: 'Your card was declined.' } });
    expect(await attempt('4242424242424241', '12/34')).toMatchObject({
      error: { message: expect.stringMatching(/incorrect/) },
    });
    expect(await attempt('4242424242424242', '01/20')).toMatchObject({
      error: { message: expect.stringMatching(/expiration/) },
    });
    expect(sim.state.payments()).toEqual([]);
  });
});

describe.skipIf(!haveBrowser)('the stand-in in a real browser page of another origin', () => {
  it('sets up a card across origins (CORS) and the bot attaches it', async () => {
    const page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><div id="card-element"></div>
<script src="${sandboxUrl}/stripe/v3.js"></script>`);
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    const browser = await launchBrowser();
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://localhost:${(page.address() as AddressInfo).port}/`);
      const intent = await billing.createSetupIntent('browser-setup');
      await tab.evaluate(() => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's globals
        const w = window as any;
        w.stripe = w.Stripe('pk_test_x');
        w.card = w.stripe.elements().create('card');
        w.card.mount('#card-element');
      });
      await tab.getByLabel('Card number').fill('4242 4242 4242 4242');
      await tab.getByLabel('Expiry (MM/YY)').fill('12/34');
      await tab.getByLabel('CVC').fill('123');
      const result = await tab.evaluate(
        // biome-ignore lint/suspicious/noExplicitAny: the page's globals
        (secret) => (window as any).stripe.confirmCardSetup(secret, { payment_method: { card: (window as any).card } }),
        intent.clientSecret,
      );
      expect(result.setupIntent).toMatchObject({ status: 'succeeded' });
      expect(await billing.attachCard(result.setupIntent.payment_method, false, 'browser-attach')).toMatchObject({
        last4: '4242',
      });
    } finally {
      await browser.close();
      page.closeAllConnections();
      await new Promise<void>((resolve) => page.close(() => resolve()));
    }
  });
});
