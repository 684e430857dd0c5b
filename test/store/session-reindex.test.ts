/**
 * The upgrade step for money-follows-the-session, against a store file written by the code before
 * it (test/fixtures/pre-session-index.sqlite, made at commit 2b40d3c): that code dropped a
 * cancelled request from the open index although its checkout link could still be paid, so
 * without the step the watcher's restart scan would never confirm a payment on it.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { reindexLiveSessions } from '../../src/core/requests/session-reindex.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { silentLogger } from '../../src/core/shared/ports.ts';
import { createStores, SCHEMA_VERSION_KEY, type Stores } from '../../src/store/index.ts';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const FIXTURE = new URL('../fixtures/pre-session-index.sqlite', import.meta.url).pathname;

let dir: string | undefined;
let stores: Stores | undefined;
afterEach(async () => {
  await stores?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  stores = undefined;
  dir = undefined;
});

/** `clock` unset: the file as it lies (no migrations); set: opened as the bot opens it, migrating. */
async function openCopy(clock?: ManualClock): Promise<Stores> {
  dir = await mkdtemp(join(tmpdir(), 'mlbot-reindex-'));
  const path = join(dir, 'bot.sqlite');
  await copyFile(FIXTURE, path);
  stores = await createStores(`sqlite://${path}`, clock ? { clock } : { migrate: false });
  return stores;
}

async function scanned(s: Stores): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of s.requests.scanOpen?.(10) ?? []) ids.push(...page.map((r) => r.id));
  return ids.sort();
}

it("finds a closed request's payable session in a store written before sessions were indexed, once", async () => {
  const s = await openCopy();
  expect(await scanned(s)).toEqual(['req-open']); // the old code left the cancelled one out

  const clock = new ManualClock(T0 + 2 * 60 * 60 * 1000);
  expect(await reindexLiveSessions(s.requests, s.kv, clock, silentLogger)).toBe(1);
  expect(await scanned(s)).toEqual(['req-cancelled', 'req-open']);
  // The people-facing list is unchanged: the cancelled request stays cancelled.
  expect((await s.requests.listOpen()).map((r) => r.id)).toEqual(['req-open']);
  // It runs once per store.
  expect(await reindexLiveSessions(s.requests, s.kv, clock, silentLogger)).toBe(0);
});

it('leaves requests older than the longest session alone', async () => {
  const s = await openCopy();
  const clock = new ManualClock(T0 + 26 * 60 * 60 * 1000);
  expect(await reindexLiveSessions(s.requests, s.kv, clock, silentLogger)).toBe(0);
  expect(await scanned(s)).toEqual(['req-open']);
});

it('runs as store migration v1 when the bot opens the store, before any engine resumes', async () => {
  const clock = new ManualClock(T0 + 2 * 60 * 60 * 1000);
  const s = await openCopy(clock);
  expect(await scanned(s)).toEqual(['req-cancelled', 'req-open']);
  expect((await s.requests.listOpen()).map((r) => r.id)).toEqual(['req-open']);
  expect(await s.kv.get(SCHEMA_VERSION_KEY)).toMatchObject({ version: 2 });
  // The engine's own call finds its marker and does nothing more.
  expect(await reindexLiveSessions(s.requests, s.kv, clock, silentLogger)).toBe(0);
});
