/**
 * The sqlite connection's group commit: statements asked for together run in call order in one
 * transaction, each caller learns only its own statement's failure, and a promise settles only
 * once its write is committed (another connection sees it).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteConnection } from '../../src/store/sqlite-connection.ts';

describe('SqliteConnection', () => {
  let dir: string;
  let path: string;
  let connection: SqliteConnection;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlbot-sqlite-conn-'));
    path = join(dir, 'db.sqlite');
    connection = await SqliteConnection.open(path);
    await connection.query('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  });
  afterEach(async () => {
    await connection.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs statements asked for together in call order', async () => {
    const { query } = connection;
    const results = await Promise.all([
      query('INSERT INTO t (k, v) VALUES (?, ?) RETURNING v', 'a', 1),
      query('UPDATE t SET v = v + 10 WHERE k = ? RETURNING v', 'a'),
      query('SELECT v FROM t WHERE k = ?', 'a'),
    ]);
    expect(results).toEqual([[{ v: 1 }], [{ v: 11 }], [{ v: 11 }]]);
  });

  it('passes a failure to its caller only, and commits the statements around it', async () => {
    const { query } = connection;
    await query('INSERT INTO t (k, v) VALUES (?, ?)', 'taken', 0);
    const [one, two, three] = await Promise.allSettled([
      query('INSERT INTO t (k, v) VALUES (?, ?)', 'x', 1),
      query('INSERT INTO t (k, v) VALUES (?, ?)', 'taken', 2),
      query('INSERT INTO t (k, v) VALUES (?, ?)', 'y', 3),
    ]);
    expect(one).toEqual({ status: 'fulfilled', value: [] });
    expect(two).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/UNIQUE/) } });
    expect(three).toEqual({ status: 'fulfilled', value: [] });
    expect(await query('SELECT k, v FROM t ORDER BY k')).toEqual([
      { k: 'taken', v: 0 },
      { k: 'x', v: 1 },
      { k: 'y', v: 3 },
    ]);
  });

  it('settles a write only after it is committed: a second connection sees it', async () => {
    const { query } = connection;
    await Promise.all([
      query('INSERT INTO t (k, v) VALUES (?, ?)', 'a', 1),
      query('INSERT INTO t VALUES (?, ?)', 'b', 2),
    ]);
    const other = new DatabaseSync(path, { readOnly: true });
    try {
      expect(other.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 2 });
    } finally {
      other.close();
    }
  });

  it('binds undefined as NULL and booleans as 0/1, as sqlite3 did', async () => {
    const { query } = connection;
    await query('CREATE TABLE u (a, b)');
    await query('INSERT INTO u (a, b) VALUES (?, ?)', undefined, true);
    expect(await query('SELECT a, b FROM u')).toEqual([{ a: null, b: 1 }]);
  });
});

describe('the sqlite store and process exit', () => {
  it('lets a process that never closes the store exit once its writes are done, with the write on disk', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const dir = await mkdtemp(join(tmpdir(), 'mlbot-sqlite-exit-'));
    const file = join(dir, 'db.sqlite');
    const storeModule = new URL('../../src/store/index.ts', import.meta.url).href;
    const script = `const { createStores } = await import(${JSON.stringify(storeModule)});
      const stores = await createStores(${JSON.stringify(`sqlite://${file}`)});
      await stores.kv.set('left', { open: true });`;
    const scriptFile = join(dir, 'leave-open.mjs');
    await writeFile(scriptFile, script);
    try {
      await promisify(execFile)(process.execPath, [scriptFile], { timeout: 15_000 });
      const db = new DatabaseSync(file, { readOnly: true });
      const rows = db.prepare("SELECT key FROM keyv WHERE key LIKE '%kv:left'").all();
      db.close();
      expect(rows.length).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);

  it('finishes close() when nothing else holds the process open: the shutdown gets past it', async () => {
    // SIGTERM's shutdown closes the store last; its "shutdown complete" and exit code come after.
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const dir = await mkdtemp(join(tmpdir(), 'mlbot-sqlite-close-'));
    const file = join(dir, 'db.sqlite');
    const storeModule = new URL('../../src/store/index.ts', import.meta.url).href;
    const script = `const { createStores } = await import(${JSON.stringify(storeModule)});
      const stores = await createStores(${JSON.stringify(`sqlite://${file}`)});
      await stores.kv.set('k', { v: 1 });
      await stores.close();
      process.stdout.write('closed');`;
    const scriptFile = join(dir, 'close.mjs');
    await writeFile(scriptFile, script);
    try {
      const run = await promisify(execFile)(process.execPath, [scriptFile], { timeout: 15_000 }).catch(
        (err: { code?: number; stdout?: string }) => ({ stdout: `exit ${err.code}: ${err.stdout ?? ''}` }),
      );
      expect(run.stdout).toBe('closed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);

  it('opens in a process started with V8 flags a worker refuses (bench/scale runs with --expose-gc)', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const dir = await mkdtemp(join(tmpdir(), 'mlbot-sqlite-flags-'));
    const file = join(dir, 'db.sqlite');
    const storeModule = new URL('../../src/store/index.ts', import.meta.url).href;
    const script = `const { createStores } = await import(${JSON.stringify(storeModule)});
      const stores = await createStores(${JSON.stringify(`sqlite://${file}`)});
      await stores.kv.set('k', { v: 1 });
      const value = await stores.kv.get('k');
      await stores.close();
      process.stdout.write(JSON.stringify(value));`;
    const scriptFile = join(dir, 'flags.mjs');
    await writeFile(scriptFile, script);
    try {
      const run = await promisify(execFile)(process.execPath, ['--expose-gc', '--max-old-space-size=256', scriptFile], {
        timeout: 15_000,
      }).catch((err: { code?: number; stdout?: string; stderr?: string }) => ({
        stdout: `exit ${err.code}: ${err.stderr ?? ''}`,
      }));
      expect(run.stdout).toBe('{"v":1}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
