/**
 * SHA-256 as lower-case hex, through the Web Crypto global (core imports no I/O module): what
 * the store keeps of a secret link's token, and a short stable name for a submitted change.
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
