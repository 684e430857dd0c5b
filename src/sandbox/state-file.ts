/**
 * Where the sandbox simulator keeps its state between runs, and how it writes it without ever
 * leaving a torn file: the whole document goes to a temporary file beside it, is flushed to disk,
 * then renamed over the old one (a rename within one directory is atomic). A process killed
 * mid-write leaves the previous state file whole and a stray temporary file, removed at the
 * next start.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, parse } from 'node:path';

/**
 * The state file beside a sqlite store (`./data/mlbot.sqlite` → `./data/mlbot-sandbox.json`).
 * None for memory:// (the simulator then lives in memory too, a clean slate each start) and none
 * for Redis: every process serves its own simulator, and several of them must not share one file.
 */
export function sandboxStateFileFor(storeUrl: string): string | undefined {
  const m = /^sqlite:(?:\/\/)?(.+)$/i.exec(storeUrl.trim());
  const storePath = m?.[1];
  if (!storePath || storePath === ':memory:') return undefined;
  const { dir, name } = parse(storePath);
  return join(dir, `${name}-sandbox.json`);
}

export class StateFile {
  readonly path: string;
  readonly #tmp: string;

  constructor(path: string) {
    this.path = path;
    this.#tmp = `${path}.tmp-${process.pid}`;
    mkdirSync(dirname(path), { recursive: true });
    this.#removeStrayTemporaries();
  }

  /** The file's text, or undefined when there is none yet. */
  read(): string | undefined {
    try {
      return readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** Replace the file's content in one step: temp file, fsync, rename, fsync the directory. */
  write(text: string): void {
    const fd = openSync(this.#tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(this.#tmp, this.path);
    syncDirectory(dirname(this.path));
  }

  /** Move an unreadable file aside (kept for a look, never deleted) and return where it went. */
  quarantine(now: number): string {
    const aside = `${this.path}.unreadable-${now}`;
    renameSync(this.path, aside);
    return aside;
  }

  #removeStrayTemporaries(): void {
    const prefix = `${basename(this.path)}.tmp-`;
    for (const name of readdirSync(dirname(this.path))) {
      if (name.startsWith(prefix)) rmSync(join(dirname(this.path), name), { force: true });
    }
  }
}

/** Makes the rename itself durable. Some file systems refuse to open a directory: then skip. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // best effort: the rename is atomic either way, only its durability across power loss differs
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
