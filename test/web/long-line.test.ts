/**
 * The playground's command box hands long lines to the engine (which refuses a note over 200
 * characters with the rule) instead of answering "text must be a string" for a 3,000-character note.
 */
import { afterEach, expect, it } from 'vitest';
import { createPlayground } from '../../adapters/web/index.ts';
import { TrackedInbound } from '../../src/core/shared/inbound.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import type { InboundEvent } from '../../src/core/shared/types.ts';
import { serve } from '../ops/serve.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const playground = createPlayground({ sandbox: true, logger: silentLogger });
  const events: InboundEvent[] = [];
  playground.attach(new TrackedInbound({ handle: async (event) => void events.push(event) }, silentLogger));
  const server = await serve(playground.handler);
  cleanups.push(server.close, () => playground.close());
  const post = (body: unknown) =>
    fetch(`${server.url}/play/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { playground, events, post };
}

it('passes a 3,000-character note to the engine', async () => {
  const { playground, events, post } = await setup();
  const note = 'n'.repeat(3000);
  const res = await post({ as: 'web-riley', text: `/ml-fund 50 ${note}` });
  expect(res.status).toBe(202);
  await playground.idle();
  expect(events[0]).toMatchObject({ kind: 'command', command: 'fund', text: `50 ${note}` });
});

it('says what is wrong with a line that is not text or is far too long', async () => {
  const { events, post } = await setup();
  const notText = await post({ as: 'web-riley', text: 42 });
  expect(notText.status).toBe(400);
  expect(await notText.json()).toMatchObject({ error: 'text must be a string' });
  const huge = await post({ as: 'web-riley', text: `/ml-fund 50 ${'n'.repeat(9000)}` });
  expect(huge.status).toBe(413);
  expect((await huge.json()).error).toMatch(/^a command can be at most 4000 characters/);
  expect(events).toEqual([]);
});
