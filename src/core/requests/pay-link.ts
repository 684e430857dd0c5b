/**
 * The tracked pay link: with a public address the payer's DM carries `<base>/pay/<token>`
 * instead of the Stripe URL. The token is random per attempt (32 characters of a 31-letter
 * alphabet: about 158 bits) and kept on the attempt; the store's index maps only its SHA-256 to
 * the request, so a copy of the store's keys cannot be turned into links.
 *
 * Opening it is recorded on the attempt (persisted) and, while the session can be paid, tells
 * the watcher the payer is on Stripe's page now: a short burst of checks follows (schedule.ts).
 */

import { randomToken } from '../shared/ids.ts';
import type { EngineServices } from '../shared/services.ts';
import { sha256Hex } from '../shared/sha256.ts';
import { type PayPage, payPageState } from './pay-page-state.ts';
import { inTenant } from './queries.ts';
import type { CheckoutAttempt, PaymentRequest } from './request.ts';
import { payerTexts } from './texts.ts';

export const PAY_TOKEN_LENGTH = 32;
const TOKEN_SHAPE = /^[2-9a-z]{32}$/;
/** Opens kept on the attempt (the latest). */
const MAX_OPENS_KEPT = 50;
/** The index outlives any checkout session (24 h) by far: a late open still finds its page. */
const INDEX_TTL_MS = 90 * 24 * 60 * 60 * 1000;

interface PayLinkRef {
  readonly requestId: string;
  readonly attempt: number;
}

/** What the store keeps of a link's token (pay links here, add-card links in core/cards). */
export const tokenHash = sha256Hex;

function indexKey(hash: string): string {
  return `paylink:${hash}`;
}

/**
 * Give `attempt` its tracked link (once), and index its hash, before the attempt is saved and
 * the DM goes out. Without a base URL nothing happens: the DM carries the Stripe URL.
 */
export async function issuePayLink(
  s: EngineServices,
  request: PaymentRequest,
  attempt: CheckoutAttempt,
): Promise<void> {
  const base = s.payLinkBase;
  if (!base || attempt.payToken) return;
  const token = randomToken(PAY_TOKEN_LENGTH);
  const ref: PayLinkRef = { requestId: request.id, attempt: attempt.n };
  await s.kv.set(indexKey(await tokenHash(token)), ref, INDEX_TTL_MS);
  attempt.payToken = token;
  attempt.payLinkUrl = `${base.replace(/\/+$/, '')}/pay/${token}`;
}

/**
 * The payer opened `<base>/pay/<token>`: record the open, start the watcher's burst when the
 * session can be paid, and say what to show. Undefined for any token that is not one of ours
 * (the caller answers a plain 404).
 */
export async function openPayLink(s: EngineServices, token: string): Promise<PayPage | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const ref = await s.kv.get<PayLinkRef>(indexKey(await tokenHash(token)));
  if (!ref || typeof ref.requestId !== 'string') return undefined;
  return s.locks.run(ref.requestId, async () => {
    const request = await s.requests.get(ref.requestId);
    const attempt = request?.attempts.find((a) => a.n === ref.attempt);
    if (!request || !inTenant(request, s.tenant) || !attempt || attempt.payToken !== token) return undefined;
    const now = s.clock.now();
    attempt.linkOpens = [...(attempt.linkOpens ?? []), now].slice(-MAX_OPENS_KEPT);
    await s.ledger.save(request);
    const page = payPageState(payerTexts(s, request), request, attempt, now);
    if (page.kind === 'redirect' && attempt.sessionId) s.watcher.linkOpened?.(attempt.sessionId);
    s.logger.info({ requestId: request.id, attempt: attempt.n, page: page.kind }, 'pay link opened');
    return page;
  });
}
