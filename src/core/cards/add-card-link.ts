/**
 * The add-card link: `<payLinkBase>/cards/add/<token>`, DM'd to the approver who asked, one use,
 * valid 15 minutes. Like the tracked pay link (requests/pay-link.ts) the token is random (32
 * characters, about 158 bits) and only its SHA-256 is stored, with who asked, in which language,
 * until when, and how often the page was loaded: a copy of the store cannot be turned into links.
 */
import { tokenHash } from '../requests/pay-link.ts';
import type { Locale } from '../shared/i18n.ts';
import { randomToken } from '../shared/ids.ts';
import type { EngineServices } from '../shared/services.ts';
import type { Platform, UserRef } from '../shared/types.ts';

export const ADD_CARD_TTL_MS = 15 * 60 * 1000;
/** Each load of the page creates a Setup Intent: a link is not a way to make many. */
export const MAX_PAGE_LOADS = 5;
const TOKEN_LENGTH = 32;
const TOKEN_SHAPE = /^[2-9a-z]{32}$/;

export interface AddCardLink {
  readonly by: UserRef;
  readonly platform: Platform;
  readonly locale: Locale;
  readonly expiresAt: number;
  /** Page loads so far; the Setup Intent of load n carries the key `setup-<hash>-<n>`. */
  readonly loads: number;
  /** Set when the card was saved (or the attempt to save it made): the link is spent. */
  readonly usedAt?: number;
}

export interface OpenLink {
  readonly hash: string;
  readonly link: AddCardLink;
}

const linkKey = (hash: string) => `cardadd:${hash}`;

/** Issue a link for `by`; returns its URL (the DM's only) and when it expires. */
export async function issueAddCardLink(
  s: EngineServices,
  base: string,
  by: UserRef,
  platform: Platform,
  locale: Locale,
): Promise<{ readonly url: string; readonly expiresAt: number }> {
  const token = randomToken(TOKEN_LENGTH);
  const expiresAt = s.clock.now() + ADD_CARD_TTL_MS;
  const link: AddCardLink = { by, platform, locale, expiresAt, loads: 0 };
  await s.kv.set(linkKey(await tokenHash(token)), link, ADD_CARD_TTL_MS);
  return { url: `${base.replace(/\/+$/, '')}/cards/add/${token}`, expiresAt };
}

/** The link of `token` while it can still be used; undefined for anything else, alike. */
export async function findAddCardLink(s: EngineServices, token: string): Promise<OpenLink | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const hash = await tokenHash(token);
  const link = await s.kv.get<AddCardLink>(linkKey(hash));
  if (!link || link.usedAt !== undefined || s.clock.now() >= link.expiresAt) return undefined;
  return { hash, link };
}

/** Persist a change of the link, keeping its expiry (the store's TTL shrinks with it). */
export async function saveAddCardLink(s: EngineServices, open: OpenLink, link: AddCardLink): Promise<void> {
  const left = link.expiresAt - s.clock.now();
  if (left <= 0) return s.kv.delete(linkKey(open.hash));
  await s.kv.set(linkKey(open.hash), link, left);
}

/** The one use of the link: true once, for the first save; false for every other. */
export function claimAddCardLink(s: EngineServices, open: OpenLink): Promise<boolean> {
  return s.once.claim(`cardadd-used:${open.hash}`, ADD_CARD_TTL_MS);
}
