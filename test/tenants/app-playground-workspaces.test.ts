/**
 * Workspaces mode end to end, through the app's own wiring (src/app.ts) and the playground over
 * HTTP: two playground workspaces, each connecting its own simulated account in chat (the connect
 * form), funding in both; nothing of one shows in the other, and no token reaches a log line.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../e2e/harness.ts';
import { cleanups, messages, watch as page, send as post } from '../sandbox/app-helpers.ts';
import type { SseStream } from '../web/sse-client.ts';

const KEY = `k1:${randomBytes(32).toString('base64')}`;
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const text = (s: SseStream) => JSON.stringify(messages(s));

async function until(what: string, ok: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** The workspace's admin runs /ml connect and submits `token` in the dialog their page gets. */
async function connect(stack: Stack, workspace: string, token: string) {
  const admin = await page(stack, `${workspace}-avery`);
  await post(stack, '/play/command', { as: `${workspace}-avery`, text: '/ml connect' });
  const form = (await admin.next((e) => e.event === 'form')).data as { id: string };
  const r = await post(stack, '/play/form', { as: `${workspace}-avery`, formId: form.id, values: { token } });
  expect(r.status).toBe(202);
  await until(`${workspace} connected`, () => text(admin).includes('Connected. Balance'));
  return admin;
}

describe('workspaces mode through the playground', () => {
  it('two workspaces connect their own accounts in chat and fund apart', async () => {
    const stack = await startStack({ MLBOT_TENANCY: 'workspaces', SECRETS_KEY: KEY });
    cleanups.push(() => stack.stop());
    const acmeRiley = await page(stack, 'acme-riley');
    const globexRiley = await page(stack, 'globex-riley');

    // Not connected yet: the rule, and nothing done.
    await post(stack, '/play/command', { as: 'acme-riley', text: '/ml-fund 20' });
    await until('the not-connected answer', () => text(acmeRiley).includes('/ml connect'));
    expect(stack.app.simulator?.state.calls().filter((c) => c.method !== 'GET')).toEqual([]);

    const acmeAvery = await connect(stack, 'acme', 'sandbox-acme');
    await connect(stack, 'globex', 'sandbox-globex');
    expect((await stack.app.directory.status('web:acme')).connected).toBe(true);

    await post(stack, '/play/command', { as: 'acme-riley', text: '/ml-fund 20 acme run' });
    await post(stack, '/play/command', { as: 'globex-riley', text: '/ml-fund 30 globex run' });
    await until('both cards', () => text(acmeAvery).includes('acme run'));
    await until('globex card', () => text(globexRiley).includes('globex run'));
    // Each workspace sees its own request only.
    expect(text(acmeRiley)).not.toContain('globex run');
    expect(text(globexRiley)).not.toContain('acme run');
    expect(stack.app.tenants.running().sort()).toEqual(['web:acme', 'web:globex']);

    // Acme's approver approves: Riley of Acme gets the tracked link under Acme's tenant.
    const card = messages(acmeAvery).find((m) =>
      m.reply.buttons.some((b) => b.kind === 'action' && b.action === 'approve'),
    );
    const approve = card?.reply.buttons.find((b) => b.kind === 'action' && b.action === 'approve');
    if (!card || approve?.kind !== 'action') throw new Error('no Approve button');
    await post(stack, '/play/action', {
      as: 'acme-avery',
      messageId: card.id,
      action: 'approve',
      value: approve.value,
    });
    let link = '';
    await until('the pay link DM', () => {
      for (const m of messages(acmeRiley))
        for (const b of m.reply.buttons) if (b.kind === 'link' && b.url.includes('/w/')) link = b.url;
      return link !== '';
    });
    expect(link).toContain(`/w/${encodeURIComponent('web:acme')}/pay/`);
    const hop = await fetch(link, { redirect: 'manual' });
    expect(hop.status).toBe(303);
    expect(hop.headers.get('location')).toContain('/sandbox/checkout/');
    // The same token under the other tenant is nothing.
    const forged = link.replace(encodeURIComponent('web:acme'), encodeURIComponent('web:globex'));
    expect((await fetch(forged, { redirect: 'manual' })).status).toBe(404);

    // Paid: Acme's account is credited and Acme gets the receipt; Globex's account is untouched.
    const sim = stack.app.simulator;
    if (!sim) throw new Error('no simulator');
    const sessionId = hop.headers.get('location')?.split('/checkout/')[1] ?? '';
    expect(sim.state.sessionAccount(sessionId)).toBe('acme');
    const globexBefore = sim.state.balance('globex');
    const acmeBefore = sim.state.balance('acme');
    sim.controls.markPaid(sessionId);
    await until('the receipt', () => text(acmeRiley).includes('Receipt'));
    expect(sim.state.balance('acme')).toBe(acmeBefore + 20);
    expect(sim.state.balance('globex')).toBe(globexBefore);
    expect(text(globexRiley)).not.toContain('Receipt');

    for (const secret of ['sandbox-acme', 'sandbox-globex', KEY.slice(3)])
      expect(stack.logText()).not.toContain(secret);
  });
});
