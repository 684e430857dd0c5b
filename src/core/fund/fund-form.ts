/**
 * The fund form: `/ml-fund` with no text, and Slack's "Fund ModelsLab" / "Fund from this
 * message" shortcuts. Amount and note go through the very rules `/ml-fund 50 note` uses
 * (policy.ts checkFundAmount, checkFreeText); "who pays" names one other member, who then gets
 * the payment link by DM (only the payer's DM ever carries it). A shortcut opened outside a
 * channel (the global one) asks where the card goes, defaulting to the last channel this person
 * funded from.
 */
import { openRequest } from '../requests/open-request.ts';
import { userRef } from '../requests/queries.ts';
import type { EngineForm, FormContext } from '../shared/form-handler.ts';
import { errorsOrNone, showForm, textValue } from '../shared/form-handler.ts';
import type { FieldErrors, FormField, FormSpec, FormValues } from '../shared/forms.ts';
import type { ActionHandler } from '../shared/handler.ts';
import type { Texts } from '../shared/i18n.ts';
import { checkFreeText, checkFundAmount, MAX_NOTE_CHARS, type Policy } from '../shared/policy.ts';
import type { Responder } from '../shared/ports.ts';
import { sanitizeUserText } from '../shared/reply.ts';
import type { EngineServices } from '../shared/services.ts';
import type { InboundEvent, Platform, UserRef } from '../shared/types.ts';

export const FUND_FIELD = { amount: 'amount', note: 'note', payer: 'payer', channel: 'channel' } as const;

/** The channel a person last funded from, per platform and person (the global shortcut's default). */
const lastChannelKey = (event: InboundEvent) => `fund-form:last-channel:${event.platform}:${event.actor.id}`;
const LAST_CHANNEL_TTL_MS = 90 * 24 * 60 * 60 * 1000;

export function fundForm(
  t: Texts,
  policy: Policy,
  options: { platform: Platform; note?: string; askChannel?: string | true },
): FormSpec {
  const fields: FormField[] = [
    {
      id: FUND_FIELD.amount,
      kind: 'number',
      label: t.t('forms.fund_amount'),
      hint: t.t('forms.fund_amount_hint', { min: t.money(policy.minFundCents), max: t.money(policy.maxFundCents) }),
      maxLength: 20,
    },
    {
      id: FUND_FIELD.note,
      kind: 'text',
      label: t.t('forms.fund_note'),
      hint: t.t('forms.fund_note_hint', { max: MAX_NOTE_CHARS }),
      optional: true,
      maxLength: MAX_NOTE_CHARS,
      ...(options.note ? { initial: options.note } : {}),
    },
    {
      id: FUND_FIELD.payer,
      kind: 'users',
      label: t.t('forms.fund_payer'),
      // Slack shows a people picker; elsewhere the field is text (an id or a mention).
      hint: t.t(options.platform === 'slack' ? 'forms.fund_payer_hint' : 'forms.fund_payer_text_hint'),
      optional: true,
    },
  ];
  if (options.askChannel !== undefined) {
    fields.push({
      id: FUND_FIELD.channel,
      kind: 'channel',
      label: t.t('forms.fund_channel'),
      hint: t.t('forms.fund_channel_hint'),
      ...(typeof options.askChannel === 'string' ? { initial: options.askChannel } : {}),
    });
  }
  return {
    name: 'fund',
    title: t.t('forms.fund_title'),
    submitLabel: t.t('forms.fund_submit'),
    cancelLabel: t.t('common.cancel'),
    intro: t.t('forms.fund_intro'),
    fields,
  };
}

/**
 * Open the fund form for `event` (its channel is where the card goes; none: a channel picker).
 * False when the platform shows no forms here: the caller answers as the typed command would.
 */
export async function openFundForm(
  s: EngineServices,
  event: InboundEvent,
  respond: Responder,
  t: Texts,
  note?: string,
): Promise<boolean> {
  const prefill = note ? sanitizeUserText(note, MAX_NOTE_CHARS) : undefined;
  const askChannel = event.conversation.channelId
    ? undefined
    : ((await s.kv.get<string>(lastChannelKey(event))) ?? true);
  return showForm(
    s,
    respond,
    fundForm(t, s.policy, {
      platform: event.platform,
      ...(prefill ? { note: prefill } : {}),
      ...(askChannel ? { askChannel } : {}),
    }),
    t.t('forms.unavailable', { command: '/ml-fund <amount> [note]' }),
  );
}

/** "Who pays": one member named by a picker id, an id or a mention; '' or the submitter: themself. */
function payerOf(values: FormValues, platform: InboundEvent['platform']): { payer?: UserRef; rule?: 'one' | 'bad' } {
  const raw = values[FUND_FIELD.payer];
  const items = (Array.isArray(raw) ? raw : textValue(values, FUND_FIELD.payer).split(/[\s,]+/)).filter(Boolean);
  if (items.length === 0) return {};
  if (items.length > 1) return { rule: 'one' };
  const id =
    /^<@!?([A-Za-z0-9_-]{1,40})>$/.exec(items[0] ?? '')?.[1] ?? /^@?([A-Za-z0-9_-]{1,40})$/.exec(items[0] ?? '')?.[1];
  return id ? { payer: { platform, id } } : { rule: 'bad' };
}

interface Checked {
  readonly errors?: FieldErrors;
  readonly cents?: number;
  readonly note?: string;
  readonly payer?: UserRef;
  readonly channelId?: string;
}

function checkFund(s: EngineServices, event: FormContext['event'], t: Texts): Checked {
  const amount = checkFundAmount(textValue(event.values, FUND_FIELD.amount), s.policy);
  const note = checkFreeText(textValue(event.values, FUND_FIELD.note), 'note');
  const payer = payerOf(event.values, event.platform);
  const channelId = textValue(event.values, FUND_FIELD.channel).split(/\s+/)[0] || event.conversation.channelId;
  const errors = errorsOrNone({
    [FUND_FIELD.amount]: amount.ok ? undefined : amount.rule(t),
    [FUND_FIELD.note]: note.ok ? undefined : note.rule(t),
    [FUND_FIELD.payer]: payer.rule
      ? t.t(payer.rule === 'one' ? 'forms.fund_payer_one' : 'forms.fund_payer_bad')
      : undefined,
    // The picker is the only place a channel can come from for the global shortcut.
    [FUND_FIELD.channel]: channelId ? undefined : t.t('forms.fund_channel_missing'),
  });
  if (errors || !amount.ok || !note.ok) return { ...(errors ? { errors } : {}) };
  return { cents: amount.cents, note: note.text, channelId, ...(payer.payer ? { payer: payer.payer } : {}) };
}

export const fundFormHandler: EngineForm = {
  check: ({ s, event, t }) => checkFund(s, event, t).errors,
  async submit({ s, event, respond, t }) {
    const checked = checkFund(s, event, t);
    if (checked.errors || checked.cents === undefined || !checked.channelId) {
      const rules = Object.values(checked.errors ?? {}).join(' ');
      await respond.reply({ text: rules, tone: 'warning', ephemeral: true });
      return;
    }
    const conversation = { ...event.conversation, channelId: checked.channelId };
    const me = userRef(event.actor);
    const payer = checked.payer && checked.payer.id !== me.id ? checked.payer : undefined;
    const opened = await openRequest(s, { ...event, conversation }, respond, {
      purpose: 'fund',
      amountCents: checked.cents,
      note: checked.note ?? '',
      ...(payer ? { payer } : {}),
    });
    if (opened?.card) await s.kv.set(lastChannelKey(event), checked.channelId, LAST_CHANNEL_TTL_MS);
  },
};

/** The shortcuts' "open the fund form" (value: a note to prefill, e.g. the message's text). */
export const fundFormAction: ActionHandler = async ({ s, event, respond, t }) => {
  if (await openFundForm(s, event, respond, t, event.value)) return;
  await respond.reply({ text: t.t('forms.unavailable', { command: '/ml-fund <amount> [note]' }), ephemeral: true });
};
