/**
 * The router resolves each event's tenant and hands it to that tenant's engine; a tenant with no
 * account gets the rule and a Connect button and nothing is done; an event whose workspace cannot
 * be told touches no tenant at all.
 */
import { describe, expect, it } from 'vitest';
import { SINGLE_TENANT } from '../../../src/core/shared/tenant.ts';
import type { Actor } from '../../../src/core/shared/types.ts';
import { NOT_CONNECTED_RULE } from '../../../src/core/workspace/index.ts';
import { admin, member, SLACK_TEAM, shown, TENANT, world } from './world.ts';

const discordMember: Actor = { platform: 'discord', id: '323456789012345678', isApprover: false, isAdmin: false };

describe('tenant resolution', () => {
  it('single-team mode: every workspace and server is the one tenant, even with no workspace at all', async () => {
    const w = world('single');
    await w.send(w.command(member, 'status'));
    await w.send(w.command(member, 'status', w.where('slack', 'T0OTHER')));
    await w.send(w.command(discordMember, 'status', w.where('discord', null)));
    expect(w.engines.handled.map((h) => h.tenant)).toEqual([SINGLE_TENANT, SINGLE_TENANT, SINGLE_TENANT]);
  });

  it('workspaces mode: the team, the org-wide enterprise, the guild', async () => {
    const w = world();
    for (const t of [TENANT, 'slack:E0GRID', 'discord:423456789012345678'])
      w.directory.connected.set(t, { token: 'x', by: admin });
    await w.send(w.command(member, 'status'));
    await w.send(w.command(member, 'status', { ...w.where(), enterpriseId: 'E0GRID' }));
    await w.send(w.command(discordMember, 'status', w.where('discord', '423456789012345678')));
    expect(w.engines.handled.map((h) => h.tenant)).toEqual([TENANT, 'slack:E0GRID', 'discord:423456789012345678']);
  });

  it('a click in a DM (no guild) belongs to the tenant of the message it was made on', async () => {
    const w = world();
    w.directory.connected.set('discord:423456789012345678', { token: 'x', by: admin });
    const dm = { platform: 'discord' as const, channelId: 'dm-1', messageId: 'm-9' };
    w.engines.messages.set('discord:dm-1:m-9', 'discord:423456789012345678');
    const { replies } = await w.send(w.action(discordMember, 'paid', 'r1', w.where('discord', null), dm));
    expect(w.engines.handled.map((h) => h.tenant)).toEqual(['discord:423456789012345678']);
    expect(replies[0]?.text).toBe('engine of discord:423456789012345678 handled action');
  });

  it('an event whose workspace cannot be told is refused and reaches no engine', async () => {
    const w = world();
    w.directory.connected.set('discord:423456789012345678', { token: 'x', by: admin });
    const unknownDm = { platform: 'discord' as const, channelId: 'dm-1', messageId: 'm-unknown' };
    const a = await w.send(w.command(discordMember, 'status', w.where('discord', null)));
    const b = await w.send(w.action(discordMember, 'approve', 'r1', w.where('discord', null), unknownDm));
    const c = await w.send(w.command(discordMember, 'connect', w.where('discord', null)));
    for (const r of [a, b, c]) expect(r.replies[0]?.text).toMatch(/^I can't tell which workspace this belongs to/);
    expect(w.engines.started).toEqual([]);
    expect(w.directory.calls).toEqual([]);
  });

  it('a forged workspace id that is no tenant id shape is refused too', async () => {
    const w = world();
    const { replies } = await w.send(w.command(member, 'status', w.where('slack', 'T0/../../x')));
    expect(replies[0]?.text).toMatch(/^I can't tell which workspace/);
  });
});

describe('a tenant with no ModelsLab account', () => {
  const billing: [string, 'ml' | 'fund' | 'subscribe' | 'balance', string][] = [
    ['/ml-fund 50', 'fund', '50 eval run'],
    ['/ml-subscribe', 'subscribe', 'Premium'],
    ['/ml-balance', 'balance', ''],
    ['/ml status', 'ml', 'status'],
    ['/ml transactions', 'ml', 'transactions'],
    ['/ml invoices', 'ml', 'invoices'],
    ['/ml coupon', 'ml', 'coupon SAVE10'],
    ['/ml autorecharge', 'ml', 'autorecharge off'],
    ['/ml cancel', 'ml', 'cancel r123'],
    ['/ml deny', 'ml', 'deny r123 no'],
    ['/ml audit', 'ml', 'audit'],
    ['/ml panel', 'ml', 'panel'],
  ];
  it.each(billing)(
    '%s answers that an admin must run /ml connect, with a Connect button, and does nothing',
    async (_, cmd, text) => {
      const w = world();
      const { replies } = await w.send(w.command(member, text, undefined, cmd));
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toContain(NOT_CONNECTED_RULE);
      expect(replies[0]?.text).toContain('workspace admins or the person who installed the app');
      expect(replies[0]?.buttons).toEqual([expect.objectContaining({ kind: 'action', action: 'connect' })]);
      expect(replies[0]?.ephemeral).toBe(true);
      expect(w.engines.handled).toEqual([]);
      expect(w.directory.calls).toEqual([]);
    },
  );

  it('on Discord the rule names Manage Server', async () => {
    const w = world();
    const { replies } = await w.send(w.command(discordMember, '50', w.where('discord', '423456789012345678'), 'fund'));
    expect(replies[0]?.text).toContain(`${NOT_CONNECTED_RULE}: members with Manage Server can run /ml connect.`);
  });

  it('a click on a button answers the same and nothing is done', async () => {
    const w = world();
    const { replies } = await w.send(w.action(member, 'approve', 'r1'));
    expect(replies[0]?.text).toContain(NOT_CONNECTED_RULE);
    expect(w.engines.handled).toEqual([]);
  });

  it('/ml help still helps: the commands, the rule and the Connect button', async () => {
    const w = world();
    for (const text of ['help', '']) {
      const { replies } = await w.send(w.command(member, text));
      expect(replies[0]?.title).toBe('mlbot commands');
      expect(replies[0]?.text).toContain(NOT_CONNECTED_RULE);
      expect(replies[0]?.fields?.map((f) => f.label)).toEqual(
        expect.arrayContaining(['/ml connect (admins)', '/ml disconnect (admins)', '/ml settings (admins)']),
      );
      expect(replies[0]?.buttons?.[0]).toMatchObject({ action: 'connect' });
    }
  });

  it('"Never mind" still closes its message', async () => {
    const w = world();
    const { replies, dismissed } = await w.send(w.action(member, 'dismiss', 'x'));
    expect(replies).toEqual([]);
    expect(dismissed).toHaveLength(1);
  });

  it('the Home says to connect first; a connected tenant shows its engine Home', async () => {
    const w = world();
    const home = await w.router.home(member, w.where());
    expect(shown(home)).toContain(NOT_CONNECTED_RULE);
    w.directory.connected.set(TENANT, { token: 'x', by: admin });
    expect(await w.router.home(member, w.where())).toEqual([{ text: `home of ${TENANT}` }]);
    expect(shown(await w.router.home(member))).toContain("can't tell which workspace");
  });

  it('a repeated delivery of the same event is answered once', async () => {
    const w = world();
    const event = w.command(member, '50', undefined, 'fund');
    const first = await w.send(event);
    const again = await w.send(event);
    expect(first.replies).toHaveLength(1);
    expect(again.replies).toEqual([]);
  });
});

describe('the inbound port', () => {
  it('receive returns at once; idle waits for the work; a failure gets the one answer', async () => {
    const w = world();
    w.directory.connected.set(TENANT, { token: 'x', by: admin });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const engineFor = w.engines.engineFor.bind(w.engines);
    w.engines.engineFor = async (t) => {
      await gate;
      return engineFor(t);
    };
    const replies: string[] = [];
    w.router.receive(w.command(member, 'status'), { reply: async (r) => void replies.push(r.text) });
    expect(replies).toEqual([]);
    const idle = w.router.idle();
    release();
    await idle;
    expect(replies).toEqual([`engine of ${TENANT} handled command`]);

    w.engines.engineFor = async () => {
      throw new Error('hub down');
    };
    w.router.receive(w.command(member, 'status'), { reply: async (r) => void replies.push(r.text) });
    await w.router.idle();
    expect(replies.at(-1)).toMatch(/^Something went wrong \(ref: \w+\)\.$/);
  });

  it('the team in the event decides, never a different team somewhere else in it', async () => {
    const w = world();
    w.directory.connected.set('slack:T0OTHER', { token: 'x', by: admin });
    const { replies } = await w.send(w.command(member, 'status', w.where('slack', SLACK_TEAM)));
    expect(replies[0]?.text).toContain(NOT_CONNECTED_RULE);
    expect(w.engines.handled).toEqual([]);
  });
});
