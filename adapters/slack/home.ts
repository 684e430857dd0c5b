/**
 * The App Home tab: `app_home_opened` → views.publish. What it shows comes from the engine
 * (`engine.home(actor)`: balance, open requests, recent receipts) or a provider the wiring sets;
 * the fallback is a short guide.
 */
import { DEFAULT_LOCALE, localeOf, type MessageFormatter, type Texts, textsFor } from '../../src/core/shared/i18n.ts';
import { EN } from '../../src/core/shared/messages/en/index.ts';
import type { Reply, TextFormatter } from '../../src/core/shared/reply.ts';
import type { Actor } from '../../src/core/shared/types.ts';
import { LIMITS } from './limits.ts';
import { renderReply, type SlackBlock } from './render.ts';

export type HomeProvider = (actor: Actor) => Promise<readonly Reply[]>;

/** The Home speaks the viewer's language (their Slack locale, when the adapter has it). */
export function homeTexts(messages: MessageFormatter, actor: Actor): Texts {
  return textsFor(messages, localeOf(actor.locale) ?? DEFAULT_LOCALE);
}

export function defaultHome(sandbox: boolean, messages: MessageFormatter): HomeProvider {
  return async (actor) => {
    const t = homeTexts(messages, actor);
    return [
      {
        title: t.t('adapters.home_title'),
        text: t.t('adapters.home_intro'),
        fields: [
          { label: '/ml-fund <amount> [note]', value: t.t('adapters.home_fund') },
          { label: '/ml-subscribe [plan]', value: t.t('adapters.home_subscribe') },
          { label: '/ml-balance', value: t.t('adapters.home_balance') },
          { label: '/ml help', value: t.t('adapters.home_help') },
        ],
        ...(sandbox ? { context: [t.t('adapters.home_sandbox')] } : {}),
      },
    ];
  };
}

/** Shown when the Home content could not be built (store or engine failure). */
export function homeUnavailable(t: Texts): readonly Reply[] {
  return [{ title: t.t('adapters.home_title'), text: t.t('adapters.home_unavailable') }];
}

/**
 * One section per Reply, dividers between them. Action buttons are left out: a click in the Home
 * tab arrives with no channel to answer in (`container.type: 'view'`), so it could only be
 * dropped. Link buttons open in the browser and stay.
 */
const ENGLISH_SANDBOX_NOTE = EN['adapters.home_sandbox'];

export function renderHome(
  replies: readonly Reply[],
  fmt: TextFormatter,
  options: { readonly sandbox?: boolean; readonly t?: Texts } = {},
): { type: 'home'; blocks: SlackBlock[] } {
  const note = options.t?.t('adapters.home_sandbox') ?? ENGLISH_SANDBOX_NOTE;
  const blocks: SlackBlock[] = [];
  replies.forEach((reply, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...renderReply(withoutActionButtons(reply), fmt, LIMITS.blocksPerHomeView).blocks);
  });
  const alreadyMarked = replies.some((r) => r.context?.includes(note));
  const footer: SlackBlock[] =
    options.sandbox && !alreadyMarked ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: note }] }] : [];
  return { type: 'home', blocks: [...blocks.slice(0, LIMITS.blocksPerHomeView - footer.length), ...footer] };
}

function withoutActionButtons(reply: Reply): Reply {
  if (!reply.buttons?.some((b) => b.kind === 'action')) return reply;
  return { ...reply, buttons: reply.buttons.filter((b) => b.kind === 'link') };
}
