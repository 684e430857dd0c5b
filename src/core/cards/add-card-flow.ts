/**
 * The add-card page's two steps, as core decides them; src/http/add-card-page.ts only speaks
 * HTTP and renders the neutral views below.
 *
 * - Open (GET): a link still valid gets a Setup Intent (its key from the token's hash and the
 *   load count, persisted before the call; at most MAX_PAGE_LOADS per link) and the publishable
 *   key. The client secret is in the returned view only: never stored, logged or posted.
 * - Complete (POST): the browser confirmed the Setup Intent with Stripe and sends the `pm_…` it
 *   got. The link is claimed (one use) and marked spent before `attachCard`, whose key comes from
 *   the token's hash; audited; the approver hears by DM.
 * Anything that is not a usable link gets the same "expired" answer: whether a token ever
 * existed is not said.
 */
import { forgetDefaultCard } from '../requests/card-offer-step.ts';
import type { SavedCard } from '../shared/cards-port.ts';
import { isBotError } from '../shared/errors.ts';
import type { Locale, MessageKey, Texts } from '../shared/i18n.ts';
import type { EngineServices } from '../shared/services.ts';
import { platformOfTenant, SINGLE_TENANT, type TenantId } from '../shared/tenant.ts';
import type { Platform } from '../shared/types.ts';
import { claimAddCardLink, findAddCardLink, MAX_PAGE_LOADS, type OpenLink, saveAddCardLink } from './add-card-link.ts';
import { auditCardChange } from './card-audit.ts';
import { PM_ID } from './card-ops.ts';
import { cardName } from './cards-view.ts';

/** A page of words only (expired, busy, saved, refused). */
export interface AddCardNotice {
  readonly kind: 'expired' | 'busy' | 'saved' | 'bad_input' | 'not_saved';
  readonly lang: Locale;
  readonly title: string;
  readonly message: string;
}

/** The form: everything the page needs to mount Stripe's card element and save. */
export interface AddCardForm {
  readonly kind: 'form';
  readonly lang: Locale;
  readonly title: string;
  readonly account: string;
  readonly note: string;
  readonly makeDefaultLabel: string;
  readonly saveLabel: string;
  readonly savingLabel: string;
  /** Shown with Stripe's own words in place of `{reason}`. */
  readonly failedTemplate: string;
  /** Stripe.js did not load (blocked, offline). */
  readonly loadFailed: string;
  readonly publishableKey: string;
  /** The Setup Intent's client secret: for the page's script only. */
  readonly clientSecret: string;
}

export type AddCardView = AddCardForm | AddCardNotice;

export interface AddCardInput {
  readonly setupIntentId: unknown;
  readonly paymentMethodId: unknown;
  readonly makeDefault: unknown;
}

const SETUP_INTENT_ID = /^seti_[A-Za-z0-9_]{1,100}$/;

function notice(
  t: Texts,
  kind: AddCardNotice['kind'],
  message: string,
  title = t.t('cards.page_title'),
): AddCardNotice {
  return { kind, lang: t.locale, title, message };
}

/**
 * Every unusable link reads the same, in the workspace's language: answering a spent link in its
 * approver's language would tell that the token existed.
 */
function expired(s: EngineServices): AddCardNotice {
  const t = s.texts(s.locale());
  return notice(t, 'expired', t.t('cards.page_expired'), t.t('cards.page_expired_title'));
}

const keyPart = (open: OpenLink) => open.hash.slice(0, 32);

export async function openAddCardPage(s: EngineServices, token: string): Promise<AddCardView> {
  const open = await findAddCardLink(s, token);
  if (!open || open.link.loads >= MAX_PAGE_LOADS) return expired(s);
  const t = s.texts(open.link.locale);
  const loads = open.link.loads + 1;
  await saveAddCardLink(s, open, { ...open.link, loads });
  let setup: { clientSecret: string };
  let publishableKey: string;
  try {
    [setup, publishableKey] = await Promise.all([
      s.billing.createSetupIntent(`setup-${keyPart(open)}-${loads}`),
      s.billing.stripePublishableKey(),
    ]);
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err: err.code }, 'add-card page: the setup intent could not be created');
    return notice(t, 'busy', t.t('cards.page_busy'));
  }
  s.logger.info({ loads }, 'add-card page opened');
  const account = accountLine(t, s.tenant);
  return {
    kind: 'form',
    lang: t.locale,
    title: t.t('cards.page_title'),
    account,
    note: t.t('cards.page_note'),
    makeDefaultLabel: t.t('cards.page_make_default'),
    saveLabel: t.t('cards.page_save'),
    savingLabel: t.t('cards.page_saving'),
    failedTemplate: t.t('cards.page_failed', { reason: '{reason}' }),
    loadFailed: t.t('cards.page_no_stripe'),
    publishableKey,
    clientSecret: setup.clientSecret,
  };
}

export async function completeAddCard(s: EngineServices, token: string, input: AddCardInput): Promise<AddCardNotice> {
  const open = await findAddCardLink(s, token);
  if (!open) return expired(s);
  const t = s.texts(open.link.locale);
  const { setupIntentId, paymentMethodId: pm, makeDefault } = input;
  if (
    typeof pm !== 'string' ||
    !PM_ID.test(pm) ||
    typeof setupIntentId !== 'string' ||
    !SETUP_INTENT_ID.test(setupIntentId) ||
    typeof makeDefault !== 'boolean'
  )
    return notice(t, 'bad_input', t.t('cards.page_bad_input'));
  if (!(await claimAddCardLink(s, open))) return expired(s);
  // Spent before the call: a second submit of the page, or a reload, finds the link used.
  await saveAddCardLink(s, open, { ...open.link, usedAt: s.clock.now() });
  let card: SavedCard;
  try {
    card = await s.billing.attachCard(pm, makeDefault, `cardadd-${keyPart(open)}`);
    await forgetDefaultCard(s);
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err: err.code, paymentMethodId: pm }, 'add-card: ModelsLab did not attach the card');
    return notice(t, 'not_saved', t.t('cards.page_not_saved'));
  }
  await auditCardChange(s, card, {
    actor: open.link.by,
    detail: (name) => `added ${name} (${card.id})${card.isDefault ? ' as default' : ''}`,
  });
  try {
    await s.outbox.messenger(open.link.platform).dm(open.link.by, {
      text: t.t('cards.added_dm', { card: cardName(t, card), isDefault: card.isDefault ? 'yes' : 'no' }),
      tone: 'success',
    });
  } catch (err) {
    // The card is saved whatever happens to the DM: the page says so.
    if (!isBotError(err)) throw err;
    s.logger.warn({ actor: open.link.by.id, err: err.code }, 'card-added DM not sent');
  }
  return notice(t, 'saved', t.t('cards.page_saved'));
}

const ACCOUNT_LINE: Readonly<Record<Platform, MessageKey>> = {
  slack: 'cards.page_account_slack',
  discord: 'cards.page_account_discord',
  web: 'cards.page_account_web',
};

/** Whose account the card goes to, as the approver knows it: the team's, or a named workspace's. */
function accountLine(t: Texts, tenant: TenantId | undefined): string {
  const platform = tenant && tenant !== SINGLE_TENANT ? platformOfTenant(tenant) : undefined;
  if (!tenant || !platform) return t.t('cards.page_account_team');
  return t.t(ACCOUNT_LINE[platform], { id: tenant.slice(platform.length + 1) });
}
