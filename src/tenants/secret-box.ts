/**
 * Secrets at rest: AES-256-GCM (node:crypto) with a key id, so keys can rotate.
 *
 *   SECRETS_KEY=k2:<base64 of 32 bytes>,k1:<base64 of 32 bytes>
 *
 * The first key seals, every key opens. Sealed values read `v1.<kid>.<iv>.<ciphertext>.<tag>`
 * (base64url parts). The AAD binds a value to its purpose and tenant (`modelslab-token:<tenant>`),
 * so a sealed token copied into another tenant's record does not open there.
 *
 * Rotation: put the new key first (`k2:…,k1:…`), restart, let `rewrap` re-seal stored values under
 * the new key (the directory rewraps a tenant's token the next time it reads it), and drop the old
 * key once nothing sealed under it is left.
 *
 * Errors name the key id and what failed, never the plaintext, the sealed value or a key.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { TenantId } from '../core/shared/tenant.ts';

export interface SecretKey {
  /** 1-16 letters, digits, `_` or `-` (no dots: the sealed format uses them). */
  readonly id: string;
  /** 32 bytes. */
  readonly key: Buffer;
}

/** What the Slack installation store and the directory seal their secrets with. */
export interface SecretBox {
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

export type SecretBoxErrorCode = 'secret_malformed' | 'secret_key_unknown' | 'secret_unreadable';

export class SecretBoxError extends Error {
  readonly code: SecretBoxErrorCode;
  constructor(code: SecretBoxErrorCode, message: string) {
    super(message);
    this.name = 'SecretBoxError';
    this.code = code;
  }
}

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The AAD of a tenant's ModelsLab token. */
export function tokenAad(tenant: TenantId): string {
  return `modelslab-token:${tenant}`;
}

/**
 * Parse SECRETS_KEY. Throws an Error whose message states the rule (never the value): config.ts
 * turns it into a ConfigError naming the variable.
 */
export function parseSecretKeys(value: string): SecretKey[] {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new Error('must hold at least one key');
  const keys: SecretKey[] = [];
  for (const [i, part] of parts.entries()) {
    const colon = part.indexOf(':');
    const id = colon > 0 ? part.slice(0, colon) : '';
    const b64 = colon > 0 ? part.slice(colon + 1) : '';
    if (!KEY_ID.test(id))
      throw new Error(
        `key ${i + 1} must read <id>:<base64>, the id 1-16 letters, digits, _ or - (e.g. k1:$(openssl rand -base64 32))`,
      );
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) throw new Error(`key "${id}" is not base64`);
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32)
      throw new Error(`key "${id}" must be 32 bytes (it is ${key.length}); make one with openssl rand -base64 32`);
    if (keys.some((k) => k.id === id)) throw new Error(`key id "${id}" appears twice`);
    keys.push({ id, key });
  }
  return keys;
}

export interface RotatingSecretBox extends SecretBox {
  /** The key id new values are sealed with. */
  readonly currentKeyId: string;
  /** True when `sealed` was sealed under an older key (rewrap it). */
  isStale(sealed: string): boolean;
  /** Open with whichever key sealed it and seal again under the current key (same AAD). */
  rewrap(sealed: string, aad: string): string;
}

export function createSecretBox(keys: readonly SecretKey[]): RotatingSecretBox {
  const first = keys[0];
  if (!first) throw new Error('a secret box needs at least one key');
  for (const k of keys) {
    if (k.key.length !== 32) throw new Error(`key "${k.id}" must be 32 bytes`);
  }
  const byId = new Map(keys.map((k) => [k.id, k.key]));

  function parse(sealed: string): { kid: string; iv: Buffer; data: Buffer; tag: Buffer } {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION)
      throw new SecretBoxError('secret_malformed', 'sealed value is not in the v1 format');
    const [, kid = '', iv = '', data = '', tag = ''] = parts;
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES)
      throw new SecretBoxError('secret_malformed', 'sealed value is not in the v1 format');
    return { kid, iv: ivBytes, data: Buffer.from(data, 'base64url'), tag: tagBytes };
  }

  const box: RotatingSecretBox = {
    currentKeyId: first.id,
    seal(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', first.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        first.id,
        iv.toString('base64url'),
        data.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    open(sealed, aad) {
      const { kid, iv, data, tag } = parse(sealed);
      const key = byId.get(kid);
      // The id alone is safe to name: it says which key the operator must put back in SECRETS_KEY.
      if (!key)
        throw new SecretBoxError(
          'secret_key_unknown',
          `sealed under key "${kid.slice(0, 16)}", which SECRETS_KEY does not hold`,
        );
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        // Tampered, or sealed for another purpose or tenant: one answer, no detail from OpenSSL.
        throw new SecretBoxError('secret_unreadable', `sealed value does not open with key "${kid}" for this purpose`);
      }
    },
    isStale(sealed) {
      return parse(sealed).kid !== first.id;
    },
    rewrap(sealed, aad) {
      return box.seal(box.open(sealed, aad), aad);
    },
  };
  return box;
}

/**
 * The account a ModelsLab token belongs to, as the rate budget keys it: never the token. With
 * keys, an HMAC-SHA256 under a key derived (HKDF) from the sealing key, so the fingerprint in the
 * store cannot be checked against guessed tokens offline; without (single-team mode), a SHA-256.
 * 22 base64url characters (128 bits). A key rotation changes the fingerprints: the budgets then
 * start a fresh window, and the next 429 (if any) is honoured as always.
 */
export function accountFingerprint(token: string, keys?: readonly SecretKey[]): string {
  const first = keys?.[0];
  const digest = first
    ? createHmac('sha256', Buffer.from(hkdfSync('sha256', first.key, Buffer.alloc(0), 'mlbot account fingerprint', 32)))
        .update(token, 'utf8')
        .digest()
    : createHash('sha256').update(token, 'utf8').digest();
  return digest.subarray(0, 16).toString('base64url');
}
