/**
 * Defense in depth under the scoped stores: an engine stamps its tenant on every new request,
 * and a request of another tenant is, to every command and click, exactly an unknown id, so a
 * request id from workspace A used in workspace B learns nothing (even were B's store to hold it).
 */

import { describe, expect, it } from 'vitest';
import { ConversationEngine } from '../../../src/core/engine.ts';
import { ManualClock } from '../../../src/core/shared/manual-clock.ts';
import { makePolicy } from '../../../src/core/shared/policy.ts';
import { type BillingPort, silentLogger } from '../../../src/core/shared/ports.ts';
import type { TenantId } from '../../../src/core/shared/tenant.ts';
import type { ActionName, Actor, InboundEvent } from '../../../src/core/shared/types.ts';
import { createMessageFormatter } from '../../../src/i18n/icu-formatter.ts';
import { RecordingMessenger } from '../../support/recording-messenger.ts';
import {
  FakeEngineBilling,
  FakeWatcher,
  MemoryAudit,
  MemoryKv,
  MemoryLeases,
  MemoryOnce,
  MemoryRequests,
} from '../fakes.ts';

const alice: Actor = { platform: 'slack', id: 'U0ALICE', isApprover: false };
const bob: Actor = { platform: 'slack', id: 'U0BOB', isApprover: true };

/** An engine serving `tenant` over `requests` (shared between engines to plant another tenant's request). */
function engineOf(tenant: TenantId | undefined, requests = new MemoryRequests()) {
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 12, 0));
  const messenger = new RecordingMessenger('slack');
  const engine = new ConversationEngine(
    {
      billing: new FakeEngineBilling(() => clock.now()) as unknown as BillingPort,
      requests,
      once: new MemoryOnce(),
      leases: new MemoryLeases(),
      audit: new MemoryAudit(),
      kv: new MemoryKv(),
      messengers: new Map([['slack', messenger]]),
      messages: createMessageFormatter(),
      watcher: new FakeWatcher(),
      clock,
      logger: silentLogger,
      newId: () => 'r7k3m9x2pq',
      ...(tenant ? { tenant } : {}),
    },
    makePolicy({ approvalThresholdCents: 0 }),
  );
  let seq = 0;
  const base = (actor: Actor) => ({
    platform: 'slack' as const,
    eventId: `e${++seq}`,
    actor,
    conversation: { platform: 'slack' as const, channelId: 'C0GENERAL', workspaceId: 'T0' },
    receivedAt: clock.now(),
  });
  async function send(event: InboundEvent) {
    const responder = messenger.responder(event.actor.id);
    await engine.handle(event, responder);
    return responder.replies;
  }
  const ml = (actor: Actor, text: string, command: 'ml' | 'fund' = 'ml') =>
    send({ ...base(actor), kind: 'command', command, text });
  /** A click on a message of the request's card (the id of A's card, as a forger would copy it). */
  const click = (actor: Actor, action: ActionName, value: string) =>
    send({
      ...base(actor),
      kind: 'action',
      action,
      value,
      message: { platform: 'slack', channelId: 'C0GENERAL', messageId: 'm1' },
    });
  return { engine, requests, ml, click };
}

describe('tenant stamps on requests', () => {
  it('a new request carries the tenant of the engine that opened it; an engine without one stamps nothing', async () => {
    const a = engineOf('slack:T0A');
    await a.ml(alice, '50 eval run', 'fund');
    expect((await a.requests.get('r7k3m9x2pq'))?.tenantId).toBe('slack:T0A');
    const legacy = engineOf(undefined);
    await legacy.ml(alice, '50 eval run', 'fund');
    expect((await legacy.requests.get('r7k3m9x2pq'))?.tenantId).toBeUndefined();
  });

  it("another tenant's request id gets the very answer an unknown id gets, to commands and clicks", async () => {
    const a = engineOf('slack:T0A');
    await a.ml(alice, '50 eval run', 'fund');
    const b = engineOf('slack:T0B', a.requests);
    const empty = engineOf('slack:T0B');
    const tries: [string, (e: ReturnType<typeof engineOf>) => Promise<unknown>][] = [
      ['/ml cancel', (e) => e.ml(alice, 'cancel r7k3m9x2pq')],
      ['/ml deny', (e) => e.ml(bob, 'deny r7k3m9x2pq no')],
      ['Approve', (e) => e.click(bob, 'approve', 'r7k3m9x2pq')],
      ['Deny', (e) => e.click(bob, 'deny', 'r7k3m9x2pq')],
      ['Cancel', (e) => e.click(alice, 'cancel', 'r7k3m9x2pq')],
      ["I've paid", (e) => e.click(alice, 'paid', 'r7k3m9x2pq')],
      ['New link', (e) => e.click(alice, 'new_link', 'r7k3m9x2pq')],
    ];
    for (const [what, attempt] of tries) {
      const fromB = JSON.stringify(await attempt(b));
      expect(fromB, what).toBe(JSON.stringify(await attempt(empty)));
      expect(fromB, what).toContain('I can\'t find request \\"r7k3m9x2pq\\"');
    }
    expect((await a.requests.get('r7k3m9x2pq'))?.state).toBe('awaiting_approval');
    // The tenant that owns it still can act on it.
    const owner = engineOf('slack:T0A', a.requests);
    expect(JSON.stringify(await owner.ml(alice, 'cancel r7k3m9x2pq'))).not.toContain("can't find");
    expect((await a.requests.get('r7k3m9x2pq'))?.state).toBe('cancelled');
  });
});
