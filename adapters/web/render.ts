/**
 * Reply → the JSON the browser renders. Text stays plain text: the page builds DOM nodes with
 * textContent, never innerHTML, so a note like `<img onerror=…>` shows as typed. Mentions are
 * the one piece of structure, carried as separate segments so the page can highlight them.
 */
import {
  attachmentsOf,
  isImage,
  type Reply,
  renderText,
  type TextAttachment,
  type TextFormatter,
  type Tone,
} from '../../src/core/shared/reply.ts';
import { displayName } from './people.ts';

/** A run of plain text, or a mention (`m`) to highlight. */
export type Segment = { readonly t: string } | { readonly m: string };

export interface WebField {
  readonly label: Segment[];
  readonly value: Segment[];
  readonly short: boolean;
}

export type WebButton =
  | {
      readonly kind: 'action';
      readonly action: string;
      readonly value: string;
      readonly label: string;
      readonly style?: 'primary' | 'danger';
    }
  | { readonly kind: 'link'; readonly url: string; readonly label: string };

export interface WebReply {
  readonly title?: Segment[];
  readonly text: Segment[];
  readonly fields: WebField[];
  readonly context: Segment[][];
  readonly buttons: WebButton[];
  readonly tone: Tone;
  readonly attachment?: { readonly filename: string; readonly contentType: string; readonly content: string };
  /** Images to show inline (<img>): a data: URL each, so the conversation log holds them as it holds text. */
  readonly images?: readonly { readonly filename: string; readonly src: string; readonly alt: string }[];
}

// Private-use characters frame mentions between renderText and the segment split; literal text
// has them removed first, so a note cannot fake a highlighted mention.
const START = '\uE000';
const END = '\uE001';
const FRAMING = /[\uE000\uE001]/g;

/** A person's display name from their id (the playground's people; workspaces have their own). */
export type NameOf = (userId: string) => string;

const formatterFor = (nameOf: NameOf, fallback: readonly string[] = []): TextFormatter => ({
  escape: (literal) => literal.replace(FRAMING, ''),
  user: (id) => `${START}@${nameOf(id)}${END}`,
  approvers: () => `${START}@approvers${END}`,
  // MENTION_FALLBACK (escalations): the fallback people by name; "@approvers" when none are set.
  fallback: () =>
    fallback.length > 0 ? fallback.map((id) => `${START}@${nameOf(id)}${END}`).join(' ') : `${START}@approvers${END}`,
});
const formatter = formatterFor(displayName);

/** `fallback`: people ids MENTION_FALLBACK names (the messenger reads them for escalation posts). */
export function toSegments(text: string, nameOf?: NameOf, fallback?: readonly string[]): Segment[] {
  const rendered = renderText(text, nameOf || fallback ? formatterFor(nameOf ?? displayName, fallback) : formatter);
  const out: Segment[] = [];
  for (const part of rendered.split(START)) {
    const end = part.indexOf(END);
    if (end === -1) {
      if (part) out.push({ t: part });
      continue;
    }
    out.push({ m: part.slice(0, end) });
    const rest = part.slice(end + 1);
    if (rest) out.push({ t: rest });
  }
  return out;
}

/** Only http(s) links become buttons; anything else (javascript:, data:) is dropped. */
export function isSafeUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export function toWebReply(reply: Reply, nameOf?: NameOf, fallback?: readonly string[]): WebReply {
  const seg = (text: string) => toSegments(text, nameOf, fallback);
  const buttons: WebButton[] = [];
  for (const b of reply.buttons ?? []) {
    if (b.kind === 'link') {
      if (isSafeUrl(b.url)) buttons.push({ kind: 'link', url: b.url, label: b.label });
    } else {
      buttons.push({
        kind: 'action',
        action: b.action,
        value: b.value,
        label: b.label,
        ...(b.style ? { style: b.style } : {}),
      });
    }
  }
  return {
    ...(reply.title ? { title: seg(reply.title) } : {}),
    text: seg(reply.text),
    fields: (reply.fields ?? []).map((f) => ({
      label: seg(f.label),
      value: seg(f.value),
      short: f.short === true,
    })),
    context: (reply.context ?? []).map(seg),
    buttons,
    tone: reply.tone ?? 'neutral',
    ...webFiles(reply),
  };
}

/** The first text file stays a download link; images become inline pictures. */
function webFiles(reply: Reply): Pick<WebReply, 'attachment' | 'images'> {
  const files = attachmentsOf(reply);
  const text = files.find((f): f is TextAttachment => !isImage(f));
  const images = files.filter(isImage).map((f) => ({
    filename: f.filename,
    src: `data:${f.contentType};base64,${Buffer.from(f.content).toString('base64')}`,
    alt: f.alt ?? f.filename,
  }));
  return { ...(text ? { attachment: { ...text } } : {}), ...(images.length ? { images } : {}) };
}
