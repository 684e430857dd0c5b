/**
 * Bug 1 (docs/reliability.md), fixed: a bot restarted right after a `kill -9` on the same sqlite
 * file used to wait out the leases its dead predecessor held: start-up blocks about 5 s per request that was
 * mid-transition (resume() retries each request lock 50 × 100 ms, one after the other), a paid
 * request whose receipt was in flight is then left without a receipt until the next restart
 * (sweep() only retries `approved`/`link_created`), and a checkout the dead process was watching
 * is not polled until its 30 s watcher lease lapses. The process has a new random owner id, so
 * its own old leases look foreign.
 *
 * The fix: a stable owner id for single-process stores (config INSTANCE_ID), request locks that
 * take back a lease held under their own id, resume() that skips a busy request at once, and
 * sweep() that advances every open request and every recently finished one still owing a side
 * effect (receipt, card, DM), so a foreign lease is honoured until it lapses and no longer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BotProcess, killAllBots } from './support/bot-process.ts';
import { slackMethod, slackParams } from './support/holding-proxy.ts';
import { APPROVER, SlackWorld } from './support/slack-world.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlbot-leases-'));
const storeUrl = `sqlite://${join(dir, 'bot.sqlite')}`;
let world: SlackWorld | undefined;

afterAll(async () => {
  await killAllBots();
  await world?.close();
  rmSync(dir, { recursive: true, force: true });
});

const PAYER_X = 'U0LEASEX';
const PAYER_Y = 'U0LEASEY';

it('a restart right after kill -9 serves at once and posts the owed receipt within seconds', async () => {
  world = await SlackWorld.start();
  const w = world;
  const a = await BotProcess.start(w.env(storeUrl), 'bot A');
  await w.command(a.url, PAYER_X, '20 lease x');
  await w.command(a.url, PAYER_Y, '30 lease y');
  const [x, y] = await w.waitFor(() => (w.cards().size === 2 ? [...w.cards().keys()] : undefined), 'two cards');
  if (!x || !y) throw new Error('no ids');
  for (const id of [x, y]) await w.click(a.url, APPROVER, w.card(id), 'Approve');
  const dmX = await w.waitFor(() => w.linkDms(PAYER_X, x)[0], 'DM x');
  const dmY = await w.waitFor(() => w.linkDms(PAYER_Y, y)[0], 'DM y');

  const cardX = w.card(x);
  const held = w.slackProxy.hold(
    (c) => slackMethod(c) === 'chat.postMessage' && slackParams(c).get('thread_ts') === cardX.ts,
    'before',
  );
  w.sim.controls.markPaid(w.sessionOf(dmX));
  await w.click(a.url, PAYER_X, dmX, "I've paid");
  await held;
  await a.kill9();
  w.slackProxy.dropHeld();

  const restarted = Date.now();
  const b = await BotProcess.start(w.env(storeUrl), 'bot B', 20_000);
  const startMs = Date.now() - restarted;
  // Measured before the fix: 5.8 s with one request mid-transition (5 s more per extra one).
  expect(startMs).toBeLessThan(3_000);
  w.sim.controls.markPaid(w.sessionOf(dmY));
  const receiptX = await w
    .waitFor(() => w.thread(x).length === 1, 'receipt x', 8_000)
    .then(() => Date.now() - restarted)
    .catch(() => Number.NaN);
  const receiptY = await w
    .waitFor(() => w.thread(y).length === 1, 'receipt y', 10_000)
    .then(() => Date.now() - restarted)
    .catch(() => Number.NaN);
  // Measured before the fix: owed receipt never (until the next restart); watched checkout 13.8 s.
  console.info(`after kill -9: serving ${startMs} ms; owed receipt ${receiptX} ms; watched checkout ${receiptY} ms`);
  await b.stop();
  expect(receiptX).toBeLessThan(5_000);
  expect(receiptY).toBeLessThan(10_000);
}, 90_000);
