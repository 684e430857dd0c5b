/**
 * Slack mrkdwn escaping and mentions. Everything a user typed is echoed through `escape`, so a
 * note like `<!channel>` or `@everyone` shows literally and pings nobody.
 */
import type { TextFormatter } from '../../src/core/shared/reply.ts';

// Slack parses `&`, `<` and `>` as control characters in mrkdwn and in the `text` fallback;
// these three are the only characters Slack asks apps to escape.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

// Bare `@channel`/`@here`/`@everyone` ping when a message is posted with `link_names`; a word
// joiner after the `@` keeps them readable but inert whatever the posting options.
const BROADCAST = /@(channel|here|everyone)\b/gi;

export function escapeSlackText(literal: string): string {
  return literal.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c).replace(BROADCAST, '@\u2060$1');
}

/** Slack sends `&`, `<`, `>` in command text as entities; the engine wants what was typed. */
export function unescapeSlackText(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const GROUP_ID = /^S[A-Z0-9]{2,}$/;

export function isSlackUserId(id: string): boolean {
  return USER_ID.test(id);
}

export function isSlackGroupId(id: string): boolean {
  return GROUP_ID.test(id);
}

/** `<@U…>` for people, `<!subteam^S…>` for user groups; anything else is shown, escaped, not linked. */
export function slackMention(id: string): string {
  if (isSlackUserId(id)) return `<@${id}>`;
  if (isSlackGroupId(id)) return `<!subteam^${id}>`;
  return escapeSlackText(`@${id}`);
}

/** The formatter `renderText` uses for mrkdwn: escaped literals, real mentions. */
export function createSlackFormatter(
  approvers: readonly string[],
  fallback: () => readonly string[] = () => [],
): TextFormatter {
  const approverMentions = () => (approvers.length > 0 ? approvers.map(slackMention).join(' ') : 'approvers');
  return {
    escape: escapeSlackText,
    user: slackMention,
    approvers: approverMentions,
    // MENTION_FALLBACK (escalations): the fallback users/groups; the approvers when none are set.
    fallback: () => {
      const ids = fallback();
      return ids.length > 0 ? ids.map(slackMention).join(' ') : approverMentions();
    },
  };
}

/** For `plain_text` objects (headers, button labels): nothing is parsed there, so nothing to escape. */
export const plainFormatter: TextFormatter = {
  escape: (s) => s,
  user: (id) => `@${id}`,
  approvers: () => '@approvers',
  fallback: () => '@fallback-approvers',
};
