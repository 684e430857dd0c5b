/**
 * Failed subscription payments in workspaces mode (issue 18, part 4): each tenant's monitor is
 * started by the hub from the tenant's alert channel setting alone (no low-balance threshold), on
 * the tenant bot's budgeted port; Fix payment on the notice goes through that tenant's engine.
 */
import { afterEach, expect, it } from 'vitest';
import type { Actor } from '../../src/core/shared/types.ts';
import { ENV_SETTINGS, type HubRig, startHubRig } from '../tenants/hub-rig.ts';

const ADMIN = { platform: 'slack' as const, id: 'U-admin' };
const APPROVER: Actor = { platform: 'slack', id: 'U-approver', name: 'Ada', isApprover: true };

let rig: HubRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it('the tenant’s alert channel setting alone turns the notices on; Fix payment goes through its engine', async () => {
  rig = await startHubRig(['sandbox-alpha']);
  const r = rig;
  await r.directory.connect('slack:TA', 'sandbox-alpha', ADMIN);
  const id = r.sim.controls.pastDue();
  const notices = (tenant: string) =>
    r
      .messengerOf(tenant)
      .channelPosts()
      .filter(
        (p) => p.kind === 'post' && p.reply.buttons?.some((b) => b.kind === 'action' && b.action === 'fix_payment'),
      );

  // No alert channel yet: nothing is watched.
  await r.hub.engineFor('slack:TA');
  expect(notices('slack:TA')).toEqual([]);

  await r.directory.saveSettings('slack:TA', { ...ENV_SETTINGS, alertChannelId: 'C-alerts' }, ADMIN);
  await until('the notice in TA', () => notices('slack:TA').length === 1);
  const [notice] = notices('slack:TA');
  expect(notice?.channelId).toBe('C-alerts');
  expect(notice?.reply.text).toContain(`subscription (#${id}) failed; it is past due`);

  const engine = await r.hub.engineFor('slack:TA');
  if (!engine) throw new Error('no engine for TA');
  const responder = r.messengerOf('slack:TA').responder(APPROVER.id, 'C-alerts');
  await engine.handle(
    {
      platform: 'slack',
      eventId: 'ev-fix-1',
      actor: APPROVER,
      conversation: { platform: 'slack', channelId: 'C-alerts', workspaceId: 'TA' },
      receivedAt: Date.now(),
      kind: 'action',
      action: 'fix_payment',
      value: String(id),
      ...(notice?.ref ? { message: notice.ref } : {}),
    },
    responder,
  );
  expect(responder.replies.map((x) => x.text)).toEqual([
    `Fixed: the payment went through. Subscription #${id} is active again.`,
  ]);
  expect(r.sim.state.subscriptionStatus(id)).toBe('active');
  const edited = notice?.ref ? r.messengerOf('slack:TA').latest(notice.ref) : undefined;
  expect(edited?.text).toContain('Fixed by ⟦user:U-approver⟧');
  expect(edited?.buttons ?? []).toEqual([]);
});
