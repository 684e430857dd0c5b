/**
 * The log as an operator reads it: the app as main.ts wires it (startApp, sandbox mode, the
 * playground's people), a real pino logger at debug writing JSON lines to a capture stream, and a
 * payment link the watcher polls while nobody has paid. Two defects this guards: every line of
 * the watcher (and of the store and the billing client) carried its `component` key twice, and
 * each not-yet-paid poll was logged as "modelslab answered with an error".
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Actor, InboundEvent } from '../../src/core/shared/types.ts';
import { createLogger } from '../../src/ops/index.ts';

let app: App | undefined;
let lines: string[] = [];
let records: Array<Record<string, unknown>> = [];
afterAll(async () => {
  await app?.stop();
});

const riley: Actor = { platform: 'web', id: 'web-riley', name: 'Riley', isApprover: false };
const avery: Actor = { platform: 'web', id: 'web-avery', name: 'Avery', isApprover: true, isAdmin: true };

/** Top-level keys of one JSON line in the order written, repeats included (JSON.parse hides them). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      if (depth === 1 && line[j + 1] === ':') keys.push(line.slice(i + 1, j));
      i = j;
    } else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
  }
  return keys;
}

beforeAll(async () => {
  const chunks: string[] = [];
  const destination = new PassThrough();
  destination.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const logger = createLogger({ level: 'debug', pretty: false, destination });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', STORE_URL: 'memory://' }, { isTTY: false });
  app = await startApp(config, { logger });

  let seq = 0;
  const handle = (actor: Actor, e: Record<string, unknown>) =>
    app?.engine.handle(
      {
        platform: 'web',
        eventId: `log-${++seq}`,
        actor,
        conversation: { platform: 'web', channelId: 'ml-billing', workspaceId: 'playground' },
        receivedAt: Date.now(),
        ...e,
      } as InboundEvent,
      { reply: async () => {} },
    );
  await handle(riley, { kind: 'command', command: 'fund', text: '$25 log check' });
  const request = (await app.stores.requests.listOpen())[0];
  expect(request).toBeDefined();
  await handle(avery, { kind: 'action', action: 'approve', value: request?.id ?? '', message: request?.card });
  // The watcher's first checks of a fresh link come within seconds; nobody pays.
  const polls = () => app?.simulator?.state.calls().filter((c) => c.path.endsWith('/confirm-checkout')) ?? [];
  for (let waited = 0; polls().length < 1 && waited < 20_000; waited += 100)
    await new Promise((r) => setTimeout(r, 100));
  expect(polls().map((c) => c.status)).toContain(409);
  // Then the payer pays: the watcher's confirm credits it and says so (a line of its own).
  const attempt = (await app.stores.requests.get(request?.id ?? ''))?.attempts[0];
  app.simulator?.controls.markPaid(attempt?.sessionId ?? '');
  await handle(riley, { kind: 'action', action: 'paid', value: request?.id ?? '', message: attempt?.dm });
  for (let waited = 0; waited < 60_000; waited += 100) {
    if ((await app.stores.requests.get(request?.id ?? ''))?.state === 'paid') break;
    await new Promise((r) => setTimeout(r, 100));
  }

  lines = chunks.join('').trim().split('\n');
  records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}, 90_000);

describe('log lines', () => {
  it('carry each key once', () => {
    for (const line of lines) {
      const keys = topLevelKeys(line);
      expect(keys, line).toEqual([...new Set(keys)]);
    }
    // The lines that used to repeat their key: the watcher's (bot.ts and the watcher each bound
    // it) and the billing client's (app.ts bound `billing`, the transport `modelslab`).
    expect(records.some((r) => r.component === 'watcher')).toBe(true);
    expect(records.some((r) => r.component === 'modelslab')).toBe(true);
  });

  it('log a not-yet-paid poll at debug as "not paid yet", not as an error', () => {
    const notPaid = records.filter((r) => r.apiCode === 'checkout_not_completed');
    expect(notPaid.length).toBeGreaterThan(0);
    for (const r of notPaid)
      expect(r).toMatchObject({ level: 'debug', msg: 'checkout not paid yet', component: 'modelslab' });
    expect(records.filter((r) => r.msg === 'modelslab answered with an error')).toEqual([]);
  });
});
