/**
 * Saving a checked form: read the current details, send only what changed with a key derived
 * from persisted state, audit before and after, show the result.
 *
 * Money rule: the pending edit (its update, its before/after and its idempotency key) is stored
 * before `PUT /billing/info` is sent, under a hash of what was submitted. A retried submission
 * of the same values (after a crash, a timeout, an outage) finds it and replays the same key, so
 * ModelsLab applies the change once and the audit still says what it was before. It is removed
 * once the change is audited, or when ModelsLab refused it (nothing was applied).
 */

import { userRef } from '../requests/queries.ts';
import { callBilling } from '../shared/billing-call.ts';
import type { BillingDetails, BillingDetailsUpdate } from '../shared/cards-port.ts';
import { BillingHttpError, isBillingOutage } from '../shared/errors.ts';
import type { FormContext } from '../shared/form-handler.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { randomToken } from '../shared/ids.ts';
import { info, refusal } from '../shared/notices.ts';
import { sanitizeUserText } from '../shared/reply.ts';
import { sha256Hex } from '../shared/sha256.ts';
import { type BillingChange, changeDetail, type FieldChange } from './billing-change.ts';
import { readBillingDetails } from './billing-read.ts';
import { billingDetailsReply } from './billing-view.ts';

/** Longer than any retry of one submission; ModelsLab keeps idempotency keys at least this long. */
const PENDING_TTL_MS = 24 * 60 * 60 * 1000;

/** The person's word for each changed field (the audit keeps its English field name). */
const CHANGED_NAME: Readonly<Record<string, MessageKey>> = {
  name: 'billingDetails.changed.name',
  email: 'billingDetails.changed.email',
  tax_id_type: 'billingDetails.changed.tax_id_type',
  tax_id: 'billingDetails.changed.tax_id',
  'address.line1': 'billingDetails.changed.line1',
  'address.line2': 'billingDetails.changed.line2',
  'address.city': 'billingDetails.changed.city',
  'address.state': 'billingDetails.changed.state',
  'address.postal_code': 'billingDetails.changed.postal_code',
  'address.country': 'billingDetails.changed.country',
};

interface PendingEdit {
  readonly idempotencyKey: string;
  readonly update: BillingDetailsUpdate;
  readonly changes: readonly FieldChange[];
}

/** ModelsLab's own words from a refusal ("email: must be an email address"), made safe to show. */
function refusalSaid(err: BillingHttpError): string {
  return sanitizeUserText(err.apiMessage, 200);
}

type Outcome =
  | { readonly kind: 'saved'; readonly details: BillingDetails }
  | { readonly kind: 'refused'; readonly said: string; readonly code: string };

/**
 * `submitted`: the checked values (what the hash is of); `changeFrom`: the change against the
 * details ModelsLab has now.
 */
export async function saveBillingChange(
  { s, event, respond, t }: FormContext,
  submitted: unknown,
  changeFrom: (current: BillingDetails) => BillingChange,
): Promise<void> {
  const hash = await sha256Hex(JSON.stringify([event.form, submitted]));
  const pendingKey = `billing-details:pending:${hash}`;
  let pending = await s.kv.get<PendingEdit>(pendingKey);
  if (!pending) {
    const current = await readBillingDetails(s, respond, t);
    if (!current) return;
    const change = changeFrom(current);
    if (change.changes.length === 0) {
      await respond.reply(info(t.t('billingDetails.nothing_changed')));
      return;
    }
    pending = {
      idempotencyKey: `billing-info-${hash.slice(0, 16)}-${randomToken(8)}`,
      update: change.update,
      changes: change.changes,
    };
    await s.kv.set(pendingKey, pending, PENDING_TTL_MS);
  }
  const edit = pending;
  const outcome = await callBilling<Outcome>(
    s,
    respond,
    t.t('billingDetails.what_update'),
    async () => {
      try {
        return { kind: 'saved', details: await s.billing.updateBillingDetails(edit.update, edit.idempotencyKey) };
      } catch (err) {
        // A 4xx answer is ModelsLab saying no (validation): nothing was applied. Anything else
        // may have been, so the pending edit stays for a retry to replay its key.
        if (err instanceof BillingHttpError && err.status < 500 && !isBillingOutage(err))
          return { kind: 'refused', said: refusalSaid(err), code: err.apiCode };
        throw err;
      }
    },
    'change',
    t,
  );
  if (!outcome) return;
  if (outcome.kind === 'refused') {
    await s.kv.delete(pendingKey);
    s.logger.warn({ code: outcome.code }, 'ModelsLab refused the billing details change');
    const text = outcome.said
      ? t.t('billingDetails.refused_said', { said: outcome.said })
      : t.t('billingDetails.refused', { code: outcome.code });
    await respond.reply(refusal(text));
    return;
  }
  await s.audit.append({
    at: s.clock.now(),
    requestId: 'billing',
    purpose: 'billing_details',
    from: null,
    to: 'done',
    actor: userRef(event.actor),
    detail: changeDetail(edit.changes),
  });
  await s.kv.delete(pendingKey);
  const fields = edit.changes.map((c) => t.t(CHANGED_NAME[c.field] ?? 'billingDetails.changed.other')).join(', ');
  await respond.reply(billingDetailsReply(t, outcome.details, t.t('billingDetails.updated', { fields })));
}
