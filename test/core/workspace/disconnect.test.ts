/** `/ml disconnect`: a confirmation, then the token is forgotten and the change audited. */
import { describe, expect, it } from 'vitest';
import { admin, member, TENANT, world } from './world.ts';

function connected() {
  const w = world();
  w.directory.connected.set(TENANT, { token: 'tok', by: admin });
  return w;
}

describe('/ml disconnect', () => {
  it('asks first, with Disconnect and Never mind, and says links already sent stay payable', async () => {
    const w = connected();
    const { replies } = await w.send(w.command(admin, 'disconnect'));
    expect(replies[0]?.buttons).toEqual([
      { kind: 'action', action: 'disconnect', value: 'confirm', label: 'Disconnect', style: 'danger' },
      { kind: 'action', action: 'dismiss', value: 'disconnect', label: 'Never mind' },
    ]);
    expect(replies[0]?.text).toContain('Payment links already sent stay payable until they expire');
    expect(w.directory.calls).toEqual([]);
  });

  it('the confirmation disconnects, audits, and replaces the question', async () => {
    const w = connected();
    const { replaced } = await w.send(w.action(admin, 'disconnect', 'confirm'), { canReplace: true });
    expect(w.directory.connected.has(TENANT)).toBe(false);
    expect(replaced[0]?.text).toMatch(/^Disconnected: members cannot fund/);
    expect(w.directory.audits.get(TENANT)).toEqual([
      expect.objectContaining({ purpose: 'account', requestId: 'account', detail: 'ModelsLab account disconnected' }),
    ]);
    const after = await w.send(w.command(member, '50', undefined, 'fund'));
    expect(after.replies[0]?.text).toContain('A ModelsLab account must be connected first');
  });

  it('a member is refused at both steps, and nothing changes', async () => {
    const w = connected();
    const a = await w.send(w.command(member, 'disconnect'));
    const b = await w.send(w.action(member, 'disconnect', 'confirm'));
    for (const r of [a, b]) expect(r.replies[0]?.text).toMatch(/^Only workspace admins/);
    expect(w.directory.connected.has(TENANT)).toBe(true);
    expect(w.directory.calls).toEqual([]);
  });

  it('with nothing connected there is nothing to disconnect', async () => {
    const w = world();
    const { replies } = await w.send(w.command(admin, 'disconnect'));
    expect(replies[0]?.text).toBe(
      'No ModelsLab account is connected to this workspace, so there is nothing to disconnect.',
    );
  });

  it('single-team mode: the operator’s account cannot be disconnected from chat', async () => {
    const w = world('single');
    const a = await w.send(w.command(admin, 'disconnect'));
    const b = await w.send(w.action(admin, 'disconnect', 'confirm'));
    for (const r of [a, b]) expect(r.replies[0]?.text).toContain('set by its operator');
    expect(w.directory.calls).toEqual([]);
  });
});
