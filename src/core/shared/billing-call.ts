/**
 * One ModelsLab read or write on behalf of a person: on a billing failure the person is told
 * plainly which one it was and the caller gets `undefined`; other errors propagate to the
 * engine's "Something went wrong (ref)". Every billing call a command or button makes on its
 * own goes through here, so the four answers (busy, down, refused, unreadable) read the same
 * everywhere.
 *
 * An unreadable answer (BillingSchemaError: ModelsLab answered 200 in a shape this version does
 * not read) is not an outage: asking again in a minute gets the same answer. It is said as it is,
 * with a ref the operator finds in an error log line.
 */

import { rateLimitSentence } from './budget-wait.ts';
import { BillingHttpError, BillingSchemaError, isBillingOutage, isBotError } from './errors.ts';
import type { MessageKey, Texts } from './i18n.ts';
import { newErrorRef } from './ids.ts';
import { refusal } from './notices.ts';
import type { Responder } from './ports.ts';
import type { EngineServices } from './services.ts';

/** The sentence for an answer this version cannot read; `ref` is in the operator's error log line. */
export function unreadableAnswerSentence(t: Texts, ref: string): string {
  return t.t('shared.unreadable', { ref });
}

/**
 * The person's words for each billing call (`what` stays English: it is also the log line's).
 * A phrase missing here is shown as given.
 */
const WHAT: Readonly<Record<string, MessageKey>> = {
  'build the spend report': 'shared.what.build_the_spend_report',
  'change auto-recharge': 'shared.what.change_auto_recharge',
  'check the coupon': 'shared.what.check_the_coupon',
  'list the invoices': 'shared.what.list_the_invoices',
  'list the plans': 'shared.what.list_the_plans',
  'list the subscriptions': 'shared.what.list_the_subscriptions',
  'list the transactions': 'shared.what.list_the_transactions',
  'load the subscriptions': 'shared.what.load_the_subscriptions',
  'read the auto-recharge setting': 'shared.what.read_the_auto_recharge_setting',
  'show the balance': 'shared.what.show_the_balance',
  'pause the subscription': 'shared.what.pause_the_subscription',
  'resume the subscription': 'shared.what.resume_the_subscription',
  'cancel the subscription': 'shared.what.cancel_the_subscription',
};

function whatSaid(t: Texts, what: string): string {
  const key = WHAT[what];
  return key ? t.t(key) : what;
}

/** Log a BillingSchemaError as the operator's problem it is (an API change), with a fresh ref. */
export function reportUnreadableAnswer(s: EngineServices, err: BillingSchemaError, what: string): string {
  const ref = newErrorRef();
  s.logger.error(
    { err, ref, endpoint: err.endpoint, issues: err.issues },
    `${what}: ModelsLab's answer does not match what this version of mlbot reads (update mlbot?)`,
  );
  return ref;
}

/**
 * `kind`: a `change` (a keyed write) may have been made even when its answer could not be read,
 * so the person is told to look before asking again; a `read` changed nothing.
 */
export async function callBilling<T>(
  s: EngineServices,
  respond: Responder,
  what: string,
  call: () => Promise<T>,
  kind: 'read' | 'change' = 'read',
  /** The actor's texts (ctx.t); the workspace's language when not given. */
  texts?: Texts,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (!isBotError(err)) throw err;
    const t = texts ?? s.texts(s.locale());
    const said = whatSaid(t, what);
    if (err instanceof BillingSchemaError) {
      const ref = reportUnreadableAnswer(s, err, what);
      const after = t.t(kind === 'change' ? 'shared.unreadable_change' : 'shared.unreadable_read', { what: said });
      await respond.reply(refusal(`${unreadableAnswerSentence(t, ref)} ${after}`));
      return undefined;
    }
    s.logger.warn({ err }, `${what} failed`);
    const limited = rateLimitSentence(t, err);
    const text =
      limited !== undefined
        ? t.t('shared.billing_limited', { limited, what: said })
        : err instanceof BillingHttpError && !isBillingOutage(err)
          ? t.t('shared.billing_refused', { what: said, code: String(err.apiCode) })
          : t.t('shared.billing_down', { what: said });
    await respond.reply(refusal(text));
    return undefined;
  }
}

/** Replace the clicked message where the platform can (paging, confirm steps), else answer anew. */
export function replaceOrReply(respond: Responder): Responder['reply'] {
  return respond.replaceOriginal ? respond.replaceOriginal.bind(respond) : respond.reply.bind(respond);
}
