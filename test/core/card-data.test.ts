/** Free text that reads as card data is refused before it is stored or echoed (notes, reasons). */
import { describe, expect, it } from 'vitest';
import { looksLikeCardData } from '../../src/core/shared/card-data.ts';
import { checkFreeText } from '../../src/core/shared/policy.ts';
import { en } from '../support/texts.ts';

describe('card data in a note or reason', () => {
  it.each([
    'charge 4242424242424242 please',
    'card 4242 4242 4242 4242',
    'amex 3782-822463-10005',
    'the card is 5555 5555 5555 4444 exp 12/30',
    'cvc 739',
    'CVV: 1234',
  ])('refuses %j', (text) => {
    expect(looksLikeCardData(text)).toBe(true);
    const verdict = checkFreeText(text, 'note');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.rule(en)).toContain('That note looks like card details, so it was not kept.');
  });

  it.each([
    'eval run for Q3',
    'invoice 4242424242424241', // fails Luhn
    'order 1234 5678', // too short for a card
    'call +1 415 555 0134',
    'run 17 of 20, 3 GPUs',
  ])('keeps %j', (text) => {
    expect(looksLikeCardData(text)).toBe(false);
    expect(checkFreeText(text, 'note')).toEqual({ ok: true, text });
  });
});
