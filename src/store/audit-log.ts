/** Append-only audit trail, kept time-ordered by the backend (sqlite table, Redis sorted set). */

import type { AuditEntry } from '../core/requests/request.ts';
import type { AuditLog } from '../core/shared/ports.ts';
import type { StorePrimitives } from './primitives.ts';

export class BackendAuditLog implements AuditLog {
  readonly #backend: StorePrimitives;

  constructor(backend: StorePrimitives) {
    this.#backend = backend;
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.#backend.auditAppend(entry.at, JSON.stringify(entry));
  }

  async list(sinceMs: number): Promise<AuditEntry[]> {
    return (await this.#backend.auditSince(sinceMs)).map((json) => JSON.parse(json) as AuditEntry);
  }
}
