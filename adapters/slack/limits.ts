/**
 * Block Kit limits (docs.slack.dev/reference/block-kit, @slack/types) and truncation that never
 * breaks an escape entity, a mention or a surrogate pair: Slack rejects the whole message
 * (`invalid_blocks`) when one text is too long, so we cut rather than lose the message.
 */

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerHomeView: 100,
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  buttonsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  /** `text` may hold 40,000 characters; Slack advises keeping it under 4,000. */
  fallbackText: 4000,
} as const;

const ELLIPSIS = '…';

/** Cut `text` to at most `max` characters (ellipsis included) without splitting `<…>` or `&…;`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - ELLIPSIS.length);
  const openAngle = text.lastIndexOf('<', cut - 1);
  if (openAngle !== -1 && text.indexOf('>', openAngle) >= cut) cut = openAngle;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp !== -1 && cut - amp < 6 && !text.slice(amp, cut).includes(';')) cut = amp;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return text.slice(0, cut) + ELLIPSIS;
}
