/** A seeded ledger for the report's tests: requests with receipts in a store, lines in the simulator. */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import type { CheckoutAttempt, PaymentRequest, Purpose, RequestState } from '../../src/core/requests/request.ts';
import type { Clock } from '../../src/core/shared/ports.ts';
import type { UserRef } from '../../src/core/shared/types.ts';
import { createSimulator } from '../../src/sandbox/index.ts';

export const DAY = 24 * 60 * 60 * 1000;
export const ann: UserRef = { platform: 'slack', id: 'U-ann', name: 'ann' };
export const ben: UserRef = { platform: 'slack', id: 'U-ben', name: 'ben' };
export const cat: UserRef = { platform: 'slack', id: 'U-cat', name: 'cat' };

let n = 0;
/** A request paid (or not) at the given times: one confirmed attempt per time in `paidAt`. */
export function request(options: {
  readonly payer: UserRef;
  readonly purpose?: Purpose;
  readonly amountCents: number;
  readonly createdAt: number;
  readonly paidAt?: readonly number[];
  readonly state?: RequestState;
}): PaymentRequest {
  const id = `rq${++n}`;
  const attempts: CheckoutAttempt[] = (options.paidAt ?? []).map((at, i) => ({
    n: i + 1,
    idempotencyKey: `paylink-${id}-${i + 1}`,
    sessionId: `cs_${id}_${i + 1}`,
    confirmedAt: at,
    sessionEnd: 'paid',
  }));
  return {
    id,
    purpose: options.purpose ?? 'fund',
    amountCents: options.amountCents,
    note: 'seeded',
    platform: 'slack',
    conversation: { platform: 'slack', channelId: 'C-general' },
    requester: options.payer,
    payer: options.payer,
    needsApproval: false,
    state: options.state ?? (options.paidAt?.length ? 'paid' : 'awaiting_approval'),
    createdAt: options.createdAt,
    updatedAt: options.createdAt,
    attempts,
    version: 1,
  };
}

export interface SeedLine {
  readonly type: 'credit' | 'debit';
  readonly amountCents: number;
  readonly usecase: string;
  readonly createdAt: number;
}

/**
 * A simulator whose ledger holds the seed lines plus `lines`, and whose balance adds up to them:
 * the simulator's own state file is written (as a stopped simulator leaves it) and read back by a
 * new one, since its API books no API usage. Returns the whole ledger, as the simulator holds it.
 */
export async function simulatorWithLedger(clock: Clock, lines: readonly SeedLine[]) {
  const dir = mkdtempSync(join(tmpdir(), 'mlbot-report-'));
  const stateFile = join(dir, 'sim.json');
  const first = createSimulator({ clock, stateFile });
  await first.start(0);
  await first.stop();
  const doc = JSON.parse(readFileSync(stateFile, 'utf8'));
  const account = doc.accounts[0];
  lines.forEach((l, i) => {
    account.ledger.push({ ...l, source: 'seed', transactionId: `seed-${i}`, id: account.nextLedgerId + i });
    account.balanceCents += l.type === 'credit' ? l.amountCents : -l.amountCents;
  });
  account.nextLedgerId += lines.length;
  writeFileSync(stateFile, JSON.stringify(doc));
  const sim = createSimulator({ clock, stateFile, billingPerMin: 600 });
  const { apiUrl } = await sim.start(0);
  const billing = new ModelsLabBilling(
    new ModelsLabClient({ baseUrl: apiUrl, token: 'sandbox-token', clock, retry: { limit: 0 } }),
  );
  const ledger: SeedLine[] = account.ledger;
  return {
    sim,
    billing,
    ledger,
    balanceCents: account.balanceCents as number,
    close: async () => {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
