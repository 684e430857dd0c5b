/**
 * `/ml status`: the open requests on this platform and the account's subscriptions (status and
 * period end). Approvers also get Pause / Resume / Change plan buttons.
 */
import { isBotError } from '../errors.ts';
import type { CommandSpec } from '../handler.ts';
import type { Plan, Subscription } from '../ports.ts';
import { type Button, mentionUser } from '../reply.ts';
import type { EngineServices } from '../services.ts';
import { STATUS_LABEL } from '../views/card.ts';
import { whatFor } from '../views/format.ts';
import { manageButtons, subscriptionLine } from '../views/subscriptions.ts';

/** Subscriptions are a second section: if ModelsLab does not answer, the requests still show. */
async function subscriptionsOrNone(
  s: EngineServices,
): Promise<{ subs: readonly Subscription[]; plans: readonly Plan[] } | undefined> {
  try {
    const [subs, plans] = await Promise.all([s.billing.listSubscriptions(), s.billing.listPlans()]);
    return { subs, plans };
  } catch (err) {
    if (!isBotError(err)) throw err;
    s.logger.warn({ err }, 'listing subscriptions failed');
    return undefined;
  }
}

export const statusCommand: CommandSpec = {
  name: 'status',
  usage: '/ml status',
  example: '/ml status',
  summary: 'Open requests and subscriptions (approvers get Pause, Resume and Change plan buttons).',
  async run({ s, event, respond }) {
    const open = (await s.requests.listOpen()).filter((r) => r.platform === event.platform);
    open.sort((a, b) => a.createdAt - b.createdAt);
    const requestLines = open
      .slice(0, 20)
      .map((r) => `${r.id} · ${r.purpose} ${whatFor(r)} · ${STATUS_LABEL[r.state]} · ${mentionUser(r.requester.id)}`);
    const loaded = await subscriptionsOrNone(s);
    const subs = loaded?.subs ?? [];
    const subLines = loaded
      ? subs.length
        ? subs.map((x) => subscriptionLine(x, loaded.plans))
        : ['No subscriptions.']
      : ['ModelsLab is not answering right now, so subscriptions cannot be shown.'];
    // Discord: 25 buttons per message; two per subscription keeps it well inside.
    const buttons: Button[] =
      event.actor.isApprover && loaded ? subs.slice(0, 10).flatMap((x) => manageButtons(x, loaded.plans)) : [];
    await respond.reply({
      title: `Open requests (${open.length})`,
      text: open.length ? requestLines.join('\n') : 'No open requests.',
      fields: [{ label: 'Subscriptions', value: subLines.join('\n') }],
      buttons: buttons.slice(0, 25),
      ephemeral: true,
      tone: 'info',
    });
  },
};
