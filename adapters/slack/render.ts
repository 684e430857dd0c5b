/**
 * Reply → Block Kit. Every message carries a `text` fallback (notifications, screen readers,
 * old clients) rendered from the same Reply, escaped like the blocks.
 */
import type { types } from '@slack/bolt';
import {
  type Button,
  type Reply,
  renderText,
  type TextFormatter,
  type Tone,
  toFallbackText,
} from '../../src/core/shared/reply.ts';
import { escapeSlackText, plainFormatter } from './format.ts';
import { LIMITS, truncate } from './limits.ts';

export type SlackBlock = types.KnownBlock;

export interface RenderedMessage {
  readonly text: string;
  readonly blocks: SlackBlock[];
}

/** Link buttons also send `block_actions`; this id lets the handler ack them and do nothing. */
export const LINK_ACTION = 'open_link';

/** `action_id` is `<action>~<index>`: unique in the message even when two buttons share an action. */
export function buttonActionId(name: string, index: number): string {
  return `${name}~${index}`;
}

export function actionNameOf(actionId: string): string {
  return actionId.split('~', 1)[0] ?? '';
}

const TONE_EMOJI: Partial<Record<Tone, string>> = {
  success: ':white_check_mark:',
  warning: ':warning:',
  danger: ':no_entry:',
};

export function renderReply(
  reply: Reply,
  fmt: TextFormatter,
  maxBlocks: number = LIMITS.blocksPerMessage,
): RenderedMessage {
  const mrkdwn = (s: string) => renderText(s, fmt);
  const blocks: SlackBlock[] = [];
  if (reply.title) {
    const emoji = reply.tone ? TONE_EMOJI[reply.tone] : undefined;
    const title = renderText(reply.title, plainFormatter);
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: truncate(emoji ? `${emoji} ${title}` : title, LIMITS.headerText), emoji: true },
    });
  }
  if (reply.text.trim() !== '') {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn(reply.text), LIMITS.sectionText) } });
  }
  blocks.push(...renderFields(reply, mrkdwn));
  if (reply.context && reply.context.length > 0) blocks.push(renderContext(reply.context.map(mrkdwn)));
  blocks.push(...renderButtons(reply.buttons ?? []));
  return { text: renderFallback(reply, fmt), blocks: capBlocks(blocks, maxBlocks) };
}

function renderFields(reply: Reply, mrkdwn: (s: string) => string): SlackBlock[] {
  const out: SlackBlock[] = [];
  let short: string[] = [];
  const flush = () => {
    for (let i = 0; i < short.length; i += LIMITS.fieldsPerSection) {
      const fields = short.slice(i, i + LIMITS.fieldsPerSection).map((text) => ({ type: 'mrkdwn' as const, text }));
      out.push({ type: 'section', fields });
    }
    short = [];
  };
  for (const f of reply.fields ?? []) {
    const text = `*${escapeSlackText(f.label)}*\n${mrkdwn(f.value)}`;
    if (f.short) {
      short.push(truncate(text, LIMITS.fieldText));
      continue;
    }
    flush();
    out.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } });
  }
  flush();
  return out;
}

function renderContext(lines: string[]): SlackBlock {
  const kept = lines.slice(0, LIMITS.contextElements - 1);
  const rest = lines.slice(LIMITS.contextElements - 1);
  if (rest.length > 0) kept.push(rest.join('  ·  '));
  return {
    type: 'context',
    elements: kept.map((text) => ({ type: 'mrkdwn', text: truncate(text, LIMITS.contextText) })),
  };
}

function renderButtons(buttons: readonly Button[]): SlackBlock[] {
  const elements: types.Button[] = [];
  buttons.forEach((b, i) => {
    const text = { type: 'plain_text' as const, text: truncate(b.label, LIMITS.buttonText), emoji: true };
    if (b.kind === 'link') {
      // A URL Slack would refuse cannot be shortened without breaking it: leave the button out.
      if (b.url.length > LIMITS.buttonUrl) return;
      elements.push({ type: 'button', text, url: b.url, action_id: buttonActionId(LINK_ACTION, i) });
      return;
    }
    // A cut value would point at something else (another request): leave the button out.
    if (b.value.length > LIMITS.buttonValue) return;
    elements.push({
      type: 'button',
      text,
      action_id: buttonActionId(b.action, i),
      value: b.value,
      ...(b.style ? { style: b.style } : {}),
    });
  });
  const out: SlackBlock[] = [];
  for (let i = 0; i < elements.length; i += LIMITS.buttonsPerActions) {
    out.push({
      type: 'actions',
      block_id: `actions-${i / LIMITS.buttonsPerActions}`,
      elements: elements.slice(i, i + LIMITS.buttonsPerActions),
    });
  }
  return out;
}

function capBlocks(blocks: SlackBlock[], max: number): SlackBlock[] {
  if (blocks.length <= max) return blocks;
  // Keep the buttons: they are what the person has to act on.
  const actions = blocks.filter((b) => b.type === 'actions');
  const rest = blocks.filter((b) => b.type !== 'actions');
  return [...rest.slice(0, Math.max(0, max - actions.length)), ...actions].slice(0, max);
}

/** `toFallbackText` over a Reply whose pieces are already escaped and carry real mentions. */
export function renderFallback(reply: Reply, fmt: TextFormatter): string {
  const r = (s: string) => renderText(s, fmt);
  const escaped: Reply = {
    text: r(reply.text),
    ...(reply.title ? { title: escapeSlackText(renderText(reply.title, plainFormatter)) } : {}),
    ...(reply.fields
      ? { fields: reply.fields.map((f) => ({ label: escapeSlackText(f.label), value: r(f.value) })) }
      : {}),
    ...(reply.context ? { context: reply.context.map(r) } : {}),
  };
  return truncate(toFallbackText(escaped), LIMITS.fallbackText);
}
