/** The Home tab's plumbing on real Bolt: who the engine is asked about, and Home-tab clicks. */
import { afterEach, expect, it } from 'vitest';
import { blockActionsPayload, openAppHome, postSigned } from '../../fakes/slack/driver.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { type Rig, SECRET, startRig } from './support.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function open(r: Rig, userId: string): Promise<unknown[]> {
  const before = r.fake.calls('views.publish').length;
  await openAppHome(r.botUrl, userId, { secret: SECRET });
  await r.fake.waitFor(() => r.fake.calls('views.publish').length > before, 2000, 'views.publish');
  return r.fake.homeView(userId)?.blocks ?? [];
}

it('asks the engine for the Home of the person who opened it, approver or not', async () => {
  rig = await startRig();
  const asked: Actor[] = [];
  const home = async (actor: Actor): Promise<Reply[]> => {
    asked.push(actor);
    return [
      { title: 'Balance: $42.50 USD', text: 'Top up with /ml-fund.' },
      { title: 'Open requests (0)', text: 'No open requests.' },
      { title: 'Recent receipts', text: 'No payments yet.' },
    ];
  };
  Object.assign(rig.engine, { home });
  const blocks = await open(rig, 'U0APPROVER');
  await open(rig, 'U0ALICE');
  expect(asked.map((a) => [a.id, a.isApprover])).toEqual([
    ['U0APPROVER', true],
    ['U0ALICE', false],
  ]);
  expect(blocks.map((b) => (b as { type: string }).type)).toEqual([
    'header',
    'section',
    'divider',
    'header',
    'section',
    'divider',
    'header',
    'section',
  ]);
});

it('leaves action buttons out of the Home tab, keeps link buttons, and shows a notice when the engine fails', async () => {
  rig = await startRig({ adapter: { sandbox: true } });
  let fail = false;
  Object.assign(rig.engine, {
    home: async (): Promise<Reply[]> => {
      if (fail) throw new Error('store down');
      return [
        {
          text: 'Low balance',
          buttons: [
            { kind: 'action', action: 'topup', value: '2000', label: 'Request top-up' },
            { kind: 'link', url: 'https://example.com/docs', label: 'Docs' },
          ],
        },
      ];
    },
  });
  const shown = JSON.stringify(await open(rig, 'U0ALICE'));
  expect(shown).not.toContain('Request top-up');
  expect(shown).toContain('https://example.com/docs');
  expect(shown).toContain('SANDBOX');

  fail = true;
  expect(JSON.stringify(await open(rig, 'U0ALICE'))).toContain('could not be loaded');
});

it('acks a click from the Home tab (no channel) and hands the engine nothing', async () => {
  rig = await startRig();
  const payload = blockActionsPayload({
    userId: 'U0ALICE',
    channelId: 'C0X',
    message: { ts: '1.1', text: '', blocks: [] },
    button: { action_id: 'topup~0', block_id: 'b', value: '2000', label: 'Request top-up' },
    responseUrl: rig.fake.responseUrl(),
  });
  const fromView = {
    ...payload,
    container: { type: 'view', view_id: 'V123' },
    channel: undefined,
    message: undefined,
    response_url: undefined,
    view: { id: 'V123', type: 'home' },
  };
  const res = await postSigned(
    rig.botUrl,
    new URLSearchParams({ payload: JSON.stringify(fromView) }).toString(),
    'application/x-www-form-urlencoded',
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  await rig.adapter.idle();
  expect(rig.engine.events).toHaveLength(0);
});
