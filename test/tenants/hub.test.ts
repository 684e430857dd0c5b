import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, InboundEvent } from '../../src/core/shared/types.ts';
import { ENV_SETTINGS, type HubRig, startHubRig } from './hub-rig.ts';

const ADMIN = { platform: 'slack' as const, id: 'U-admin' };
const RILEY: Actor = { platform: 'slack', id: 'U-riley', name: 'Riley', isApprover: false };
const ALPHA = 'sandbox-alpha';
const BETA = 'sandbox-beta';

let rig: HubRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

let seq = 0;
function fund(team: string, amount: string, actor: Actor = RILEY): InboundEvent {
  return {
    platform: 'slack',
    eventId: `ev-${++seq}`,
    actor,
    conversation: { platform: 'slack', channelId: 'C-general', workspaceId: team },
    receivedAt: Date.now(),
    kind: 'command',
    command: 'fund',
    text: amount,
  };
}

async function send(r: HubRig, tenant: string, event: InboundEvent) {
  const engine = await r.hub.engineFor(tenant);
  if (!engine) throw new Error(`${tenant} has no engine`);
  const responder = r.messengerOf(tenant).responder(event.actor.id);
  await engine.handle(event, responder);
  return responder.replies;
}

const payLinkDms = (r: HubRig, tenant: string) =>
  r
    .messengerOf(tenant)
    .dmsTo(RILEY.id)
    .filter((d) => d.reply.buttons?.some((b) => b.kind === 'link'));

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Requests go straight to a link (no approval) in `tenant`. */
const noApproval = (r: HubRig, tenant: string) =>
  r.directory.saveSettings(tenant, { ...ENV_SETTINGS, approvalThresholdCents: 100_000 }, ADMIN);

describe('tenant hub', () => {
  it('two tenants with different tokens get separate accounts and budgets; the same token shares one', async () => {
    rig = await startHubRig([ALPHA, BETA]);
    const r = rig;
    await r.directory.connect('slack:TA', ALPHA, ADMIN);
    await r.directory.connect('slack:TB', BETA, ADMIN);
    await r.directory.connect('slack:TC', ALPHA, ADMIN);
    for (const t of ['slack:TA', 'slack:TB']) await noApproval(r, t);

    await send(r, 'slack:TA', fund('TA', '20'));
    await send(r, 'slack:TB', fund('TB', '30'));
    const links = r.seen.filter((c) => c.path.endsWith('/billing/payment-link'));
    // Each tenant's money goes through its own account.
    expect(links.map((c) => c.token)).toEqual([ALPHA, BETA]);
    expect(payLinkDms(r, 'slack:TA')).toHaveLength(1);
    expect(payLinkDms(r, 'slack:TB')).toHaveLength(1);

    const a = r.hub.botOf('slack:TA');
    const b = r.hub.botOf('slack:TB');
    await r.hub.engineFor('slack:TC');
    const c = r.hub.botOf('slack:TC');
    expect(a && b && c).toBeTruthy();
    expect(c?.budget).toBe(a?.budget);
    expect(b?.budget).not.toBe(a?.budget);
    expect(r.budgets.size).toBe(2);
    // Spending account alpha's budget dry leaves account beta's untouched.
    const now = Date.now();
    for (let i = 0; i < 1000 && (await a?.budget.tryTake(now))?.granted; i++);
    expect((await c?.budget.tryTake(now))?.granted).toBe(false);
    expect((await b?.budget.tryTake(now))?.granted).toBe(true);
    // The store never saw a token, only fingerprints (the budgets' keys).
    for (const key of r.budgets.keys()) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(key).not.toContain('sandbox');
    }
  });

  it('a settings change applies to the next fund, without a restart', async () => {
    rig = await startHubRig([ALPHA]);
    const r = rig;
    await r.directory.connect('slack:TA', ALPHA, ADMIN);
    const m = r.messengerOf('slack:TA');

    await send(r, 'slack:TA', fund('TA', '20'));
    // Threshold 0 (the env default): every request waits for an approver.
    const cards = m
      .channelPosts()
      .filter((p) => p.reply.buttons?.some((b) => b.kind === 'action' && b.action === 'approve'));
    expect(cards).toHaveLength(1);
    expect(payLinkDms(r, 'slack:TA')).toHaveLength(0);

    await noApproval(r, 'slack:TA');
    await send(r, 'slack:TA', fund('TA', '20'));
    const dms = payLinkDms(r, 'slack:TA');
    expect(dms).toHaveLength(1);
    // The tracked link names its tenant, so /w/<tenant>/pay/… finds the right engine.
    expect(JSON.stringify(dms[0]?.reply)).toContain('https://mlbot.example.com/w/slack%3ATA/pay/');

    // Every message a tenant's messengers send is indexed under it (clicks without a workspace).
    const card = cards[0]?.ref;
    if (!card) throw new Error('no card ref');
    expect(await r.hub.tenantOfMessage('slack', card)).toBe('slack:TA');
    expect(await r.hub.tenantOfMessage('slack', { ...card, messageId: 'nope' })).toBeUndefined();
  });

  it('disconnect: no new work at once, the open session is still confirmed when paid, then the tenant is let go', async () => {
    rig = await startHubRig([ALPHA]);
    const r = rig;
    await r.directory.connect('slack:TA', ALPHA, ADMIN);
    await noApproval(r, 'slack:TA');
    await send(r, 'slack:TA', fund('TA', '25'));
    const session = r.sim.state.sessions()[0];
    if (!session) throw new Error('no session');

    await r.directory.disconnect('slack:TA', ADMIN);
    expect(await r.hub.engineFor('slack:TA')).toBeUndefined();
    expect(r.hub.running()).toEqual(['slack:TA']);
    expect(await r.hub.payLinkOpener('slack:TA')).toBeDefined();

    // Money follows the session: paid after the disconnect, it still gets its receipt.
    r.sim.controls.markPaid(session.id);
    const m = r.messengerOf('slack:TA');
    await until('the receipt', () => m.containsText('Receipt').length > 0);
    await until('the tenant let go', () => r.hub.running().length === 0);
    expect(await r.directory.credentials('slack:TA')).toBeUndefined();
    expect(await r.hub.payLinkOpener('slack:TA')).toBeUndefined();
  });

  it('low-balance alerts follow the tenant’s settings: on, then moved to another channel', async () => {
    rig = await startHubRig([ALPHA]);
    const r = rig;
    r.sim.controls.setBalance(5);
    await r.directory.connect('slack:TA', ALPHA, ADMIN);
    const m = r.messengerOf('slack:TA');
    const alertsIn = (channel: string) => m.channelPosts().filter((p) => p.channelId === channel);
    expect(m.channelPosts()).toHaveLength(0);

    const alerts = { ...ENV_SETTINGS, alertChannelId: 'C-alerts', lowBalanceCents: 2_000 };
    await r.directory.saveSettings('slack:TA', alerts, ADMIN);
    await until('the alert', () => alertsIn('C-alerts').length === 1);
    expect(JSON.stringify(alertsIn('C-alerts')[0]?.reply)).toContain('$5.00');

    await r.directory.saveSettings('slack:TA', { ...alerts, alertChannelId: 'C-ops' }, ADMIN);
    await until('the alert in the new channel', () => alertsIn('C-ops').length === 1);
    expect(alertsIn('C-alerts')).toHaveLength(1);
  });

  it('events arriving together for a cold tenant start one bot', async () => {
    rig = await startHubRig([ALPHA]);
    const r = rig;
    await r.directory.connect('slack:TA', ALPHA, ADMIN);
    await r.hub.stop();
    const hub = await r.restart();
    expect(hub.running()).toEqual([]);
    const engines = await Promise.all(Array.from({ length: 10 }, () => hub.engineFor('slack:TA')));
    expect(new Set(engines).size).toBe(1);
    expect(engines[0]).toBeDefined();
    expect(hub.running()).toEqual(['slack:TA']);
    expect(r.pool.size).toBe(1);
  });

  it('on start, runs the tenants with open work; a quiet tenant starts on its first event', async () => {
    rig = await startHubRig([ALPHA, BETA]);
    const r = rig;
    await r.directory.connect('slack:TA', ALPHA, ADMIN);
    await r.directory.connect('slack:TB', BETA, ADMIN);
    await noApproval(r, 'slack:TA');
    await send(r, 'slack:TA', fund('TA', '20'));
    expect(r.hub.running().sort()).toEqual(['slack:TA', 'slack:TB']);

    const next = await r.restart();
    expect(next.running()).toEqual(['slack:TA']);
    // The open link is watched again after the restart.
    expect(next.botOf('slack:TA')?.watcher.size()).toBe(1);
    expect(await next.engineFor('slack:TB')).toBeDefined();
    expect(next.running().sort()).toEqual(['slack:TA', 'slack:TB']);
    expect(await next.engineFor('slack:TZ')).toBeUndefined();
  });

  it('a Discord server that chose no language posts in its own locale; a chosen language wins', async () => {
    const guildLocale = new Map([['discord:G1', 'es-ES']]);
    rig = await startHubRig([ALPHA], { platformLocale: (t) => guildLocale.get(t) });
    const r = rig;
    const tenant = 'discord:G1';
    await r.directory.connect(tenant, ALPHA, ADMIN);
    // The admin's own Discord is in English: the panel is a channel post, in the server's language.
    const admin: Actor = { platform: 'discord', id: 'D-admin', isApprover: true, isAdmin: true, locale: 'en-US' };
    const panel = (): InboundEvent => ({
      platform: 'discord',
      eventId: `ev-${++seq}`,
      actor: admin,
      conversation: { platform: 'discord', channelId: 'C-general', workspaceId: 'G1' },
      receivedAt: Date.now(),
      kind: 'command',
      command: 'ml',
      text: 'panel',
    });
    const titles = () =>
      r
        .messengerOf(tenant)
        .channelPosts()
        .map((p) => p.reply.title);
    await send(r, tenant, panel());
    expect(titles()).toEqual(['Suscribe la cuenta de ModelsLab del equipo']);
    // The server's locale is read at each post: a change in Discord applies to the next one.
    guildLocale.set(tenant, 'en-US');
    await send(r, tenant, panel());
    expect(titles()[1]).toBe('Subscribe the team ModelsLab account');
    // A language chosen in /ml settings wins over the server's.
    guildLocale.set(tenant, 'es-419');
    await r.directory.saveSettings(tenant, { ...ENV_SETTINGS, language: 'en' }, ADMIN);
    await send(r, tenant, panel());
    expect(titles()[2]).toBe('Subscribe the team ModelsLab account');
  });
});
