/**
 * Let every lease in a sqlite store lapse, as if its TTL had passed: what waiting out the dead
 * process's leases (request locks 60 s, checkout watches 30 s) would do, without the wait.
 * Reaches into the store's table on purpose; see bug 1 in docs/reliability.md for why a restart
 * needs it today.
 */
import { DatabaseSync } from 'node:sqlite';

export function ageLeases(sqlitePath: string): number {
  const db = new DatabaseSync(sqlitePath);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    return Number(db.prepare('UPDATE mlbot_lease SET expires_at = 0 WHERE expires_at > 0').run().changes);
  } finally {
    db.close();
  }
}
