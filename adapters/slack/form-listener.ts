/**
 * view_submission of our modals (callback_id `mlbot_form:<name>`): normalise to a FormEvent,
 * let core check it while Slack still waits (inline errors must be in the ack, within 3 s), then
 * either ack with `response_action: errors` (the modal stays open, each message under its field)
 * or ack (the modal closes) and hand the event to the port. A view submission has no
 * response_url: the answer is an ephemeral message in the channel the form was opened from, or a
 * DM when there was none.
 */
import type { App } from '@slack/bolt';
import type { FormEvent } from '../../src/core/shared/types.ts';
import { admitted, UNAVAILABLE_TEXT } from './admit.ts';
import { formNameOf, parseFormMetadata } from './form-view.ts';
import { type ListenerDeps, whereOf } from './listeners.ts';
import { userLocale, withLocale } from './locale.ts';
import { formEvent, type ViewSubmissionPayload } from './normalize.ts';
import { describe } from './slack-errors.ts';

/** Leaves room in Slack's 3 s for the ack itself to travel. */
const CHECK_BUDGET_MS = 2_500;

export function registerFormListener(app: App, deps: ListenerDeps): void {
  const { clock, logger } = deps;
  app.view({ callback_id: /^mlbot_form:/, type: 'view_submission' }, async ({ ack, body, context }) => {
    const receivedAt = clock.now();
    const payload = body as unknown as ViewSubmissionPayload;
    const form = formNameOf(payload.view.callback_id);
    const port = deps.port();
    if (!form || !port) {
      await ack();
      logger.warn({ callbackId: payload.view.callback_id }, 'slack form submission nobody handles; closed');
      return;
    }
    const ws = deps.workspaceOf(context);
    const where = whereOf(context);
    const meta = parseFormMetadata(payload.view.private_metadata);
    const channelId = meta.channel ?? '';
    if (ws.verifyOrigin) {
      // OAuth mode: the claimed workspace must own the person (and the channel the form names).
      let said: string | undefined;
      const arrival = { type: 'view_submission', userId: payload.user.id, channelId: channelId || undefined, where };
      const ok = await withinBudget(
        admitted(
          ws,
          arrival,
          {
            reply: async (r) => {
              said = r.text;
            },
          },
          logger,
        ),
        CHECK_BUDGET_MS,
      ).catch(() => undefined);
      if (ok !== true) {
        // A stranger: the modal just closes. Otherwise one neutral notice replaces the form.
        const notice = ok === undefined ? UNAVAILABLE_TEXT : said;
        await ack(notice ? { response_action: 'update', view: noticeView(notice) } : undefined);
        return;
      }
    }
    // The locale too: inline errors are read by the person who typed (cached since they opened it).
    const event: Promise<FormEvent> = (async () => {
      const submitted = formEvent(payload, {
        isApprover: await ws.isApprover(payload.user.id),
        isAdmin: await ws.isAdmin(payload.user.id),
        receivedAt,
        ...where,
        form,
        channelId,
        context: meta.context,
      });
      return withLocale(submitted, await userLocale(deps.locales, ws.client, ws.key, payload.user.id));
    })();
    const errors = await withinBudget(
      event.then((e) => port.checkForm?.(e)),
      // One budget for the origin check and the form check together: the ack is due in 3 s.
      Math.max(0, CHECK_BUDGET_MS - (clock.now() - receivedAt)),
    ).catch((err: unknown) => {
      logger.warn({ err: describe(err), form }, 'slack form check failed; the submission goes on unchecked');
      return undefined;
    });
    if (errors && Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors: { ...errors } });
      return;
    }
    await ack();
    const responder = deps.responderFor(
      { channelId, userId: payload.user.id, fromAction: false, receivedAt, teamId: where.teamId },
      ws,
    );
    port.receive(() => event, responder);
  });
}

/** A modal that only says `text` (the answer to a submission that could not go on). */
function noticeView(text: string) {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: 'mlbot' },
    close: { type: 'plain_text' as const, text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'plain_text', text } }],
  };
}

function withinBudget<T>(work: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
