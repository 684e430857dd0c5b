/**
 * Short random ids. Request ids are typed by people (`/ml cancel r7k3m9x2pq`) and travel in
 * button values (Discord custom_id ≤ 100 chars), so they are short, lowercase and unambiguous.
 */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'; // no 0/o, 1/l/i

export function randomToken(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function newRequestId(): string {
  return `r${randomToken(9)}`;
}

/** Reference quoted to a user after an unexpected error, and logged with it. */
export function newErrorRef(): string {
  return randomToken(8);
}
