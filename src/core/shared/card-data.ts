/**
 * Card data in free text. People sometimes paste a card into chat ("charge 4242 4242 4242 4242,
 * cvc 123"); a note or reason is stored and echoed on the request card for the whole channel, so
 * text that looks like a card number or a security code is refused, never stored. The rule is
 * the one the add-card page exists for: card data goes from the browser to Stripe only.
 */

/** Runs of 13–19 digits, with single spaces or dashes between groups, as cards are written. */
const DIGIT_RUN = /\d(?:[ -]?\d){12,18}/g;
/** A security code named as such, followed by 3 or 4 digits. */
const SECURITY_CODE = /\b(?:cvc2?|cvv2?|csc|cid|security code)\b\W{0,3}\d{3,4}\b/i;

/** The Luhn check every card number passes (ISO/IEC 7812). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** True when the text holds something that reads as a card number or a card's security code. */
export function looksLikeCardData(text: string): boolean {
  if (SECURITY_CODE.test(text)) return true;
  for (const match of text.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) return true;
  }
  return false;
}
