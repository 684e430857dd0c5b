/**
 * v1: closed requests whose checkout session can still be paid go back into the open index
 * (core/requests/session-reindex.ts). It predates the versioned migrations and keeps its own
 * marker, so a store where the engine already ran it is left alone; the engine's resume still
 * calls it for every tenant scope, where it finds nothing to do.
 */
import { reindexLiveSessions } from '../core/requests/session-reindex.ts';
import type { StoreMigration } from './migrations.ts';

export const sessionIndexMigration: StoreMigration = {
  version: 1,
  name: 'live-session-index',
  async run({ root, clock, logger }) {
    await reindexLiveSessions(root.requests, root.kv, clock, logger);
  },
};
