/**
 * What must never be in anything the bot produced (test/security/card-data.test.ts): the card
 * numbers typed, their CVC, a Stripe client secret, any Luhn-valid card-length digit run, the
 * ModelsLab token. `findCardData` names each finding with a little context, so a failure says
 * where the leak is, not just that there is one.
 */

/** Stripe's Setup Intent and Payment Intent client secrets: `seti_…_secret_…`, `pi_…_secret_…`. */
export const CLIENT_SECRET = /(seti|pi)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+/g;

/**
 * The Luhn checksum (every card number passes it). Deliberately the test's own copy, not the
 * product's `passesLuhn`: this scanner checks what the Redactor let through, and a scanner that
 * reused the Redactor's check would share its bugs and could not catch them.
 */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const FIVE_YEARS_MS = 5 * 365 * 24 * 60 * 60 * 1000;

/**
 * Digit runs of card length (13–19) that pass Luhn. A run of 13 digits within five years of now
 * is an epoch-milliseconds timestamp (the store and the logs are full of them, and one in ten
 * passes Luhn by chance), not a card number: those are left out. No card brand issues 13-digit
 * numbers starting with 17 or 18 anyway (Visa's 13-digit numbers start with 4). A run inside a
 * word of letters and digits (a SHA-256 in hex, a random id) is part of that value, not a card
 * written down: a token hash once held "…b3462299279025b…", which passes Luhn by chance.
 */
export function luhnRuns(text: string, now = Date.now()): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?<![0-9A-Za-z])\d{13,19}(?![0-9A-Za-z])/g)) {
    const run = match[0];
    if (run.length === 13 && Math.abs(Number(run) - now) < FIVE_YEARS_MS) continue;
    // No card number starts with 0 (ISO/IEC 7812 leaves that industry digit unissued), and zeros
    // pass Luhn: the simulator's publishable key ends in sixteen of them.
    if (run.startsWith('0')) continue;
    if (luhnValid(run)) found.push(run);
  }
  return found;
}

export interface Secrets {
  /** The card numbers typed, digits only (each is looked for with and without its spaces). */
  readonly cardNumbers: readonly string[];
  readonly cvc: string;
  readonly token: string;
}

/** Every occurrence of a forbidden thing in `text`, as "what: …context…". */
export function findCardData(text: string, secrets: Secrets): string[] {
  const findings: string[] = [];
  const around = (index: number, length: number) =>
    JSON.stringify(text.slice(Math.max(0, index - 60), index + length + 60));
  const every = (what: string, pattern: RegExp) => {
    for (const m of text.matchAll(pattern)) findings.push(`${what}: ${around(m.index ?? 0, m[0].length)}`);
  };
  const literal = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
  for (const number of secrets.cardNumbers) {
    every(`card number ${number}`, literal(number));
    // As typed: groups of four with spaces (and the same with dashes).
    const grouped = number.match(/.{1,4}/g) ?? [];
    every(`card number ${number} (spaced)`, literal(grouped.join(' ')));
    every(`card number ${number} (dashed)`, literal(grouped.join('-')));
  }
  // The CVC next to its name, whatever the quoting: "cvc":"739", cvc=739, cvc: 739, cvc%22%3A%22739.
  every(
    'cvc',
    new RegExp(`(cvc|cvv|cvc2|security.?code)(["'\\s:=[\\]]|%22|%3A|%3D|%5B|%5D)*${secrets.cvc}(?!\\d)`, 'gi'),
  );
  every('client secret', CLIENT_SECRET);
  every('ModelsLab token', literal(secrets.token));
  for (const run of new Set(luhnRuns(text)))
    every(`Luhn-valid digit run ${run}`, new RegExp(`(?<!\\d)${run}(?!\\d)`, 'g'));
  return findings;
}
