import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  accountFingerprint,
  createSecretBox,
  parseSecretKeys,
  SecretBoxError,
  type SecretKey,
  tokenAad,
} from '../../src/tenants/secret-box.ts';

const key = (id: string): SecretKey => ({ id, key: randomBytes(32) });
const TOKEN = 'ml-agent-7f3a9c-super-secret-token';

function thrown(fn: () => unknown): SecretBoxError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretBoxError);
    return err as SecretBoxError;
  }
  throw new Error('expected a SecretBoxError');
}

describe('secret box', () => {
  it('seals to v1.<kid>.<iv>.<ciphertext>.<tag> and opens back, a fresh IV each time', () => {
    const box = createSecretBox([key('k1')]);
    const aad = tokenAad('slack:T1');
    const a = box.seal(TOKEN, aad);
    const b = box.seal(TOKEN, aad);
    expect(a).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(TOKEN);
    expect(box.open(a, aad)).toBe(TOKEN);
    expect(box.open(b, aad)).toBe(TOKEN);
  });

  it('a token sealed for one tenant does not open for another (AAD binds purpose and tenant)', () => {
    const box = createSecretBox([key('k1')]);
    const sealed = box.seal(TOKEN, tokenAad('slack:T1'));
    const e = thrown(() => box.open(sealed, tokenAad('slack:T2')));
    expect(e.code).toBe('secret_unreadable');
    expect(thrown(() => box.open(sealed, 'slack-bot-token:slack:T1')).code).toBe('secret_unreadable');
  });

  it('refuses a tampered value, and one sealed under a key it does not hold', () => {
    const box = createSecretBox([key('k1')]);
    const aad = tokenAad('discord:1');
    const sealed = box.seal(TOKEN, aad);
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3] ?? '', 'base64url');
    data[0] = (data[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 3), data.toString('base64url'), parts[4]].join('.');
    expect(thrown(() => box.open(tampered, aad)).code).toBe('secret_unreadable');
    expect(thrown(() => box.open(sealed.replace('v1.', 'v2.'), aad)).code).toBe('secret_malformed');
    expect(thrown(() => box.open('not sealed at all', aad)).code).toBe('secret_malformed');

    const other = createSecretBox([key('k9')]);
    const e = thrown(() => other.open(sealed, aad));
    expect(e.code).toBe('secret_key_unknown');
    expect(e.message).toContain('"k1"');
  });

  it('rotates: a new first key seals, the old one still opens, rewrap moves a value to the new key', () => {
    const k1 = key('k1');
    const k2 = key('k2');
    const aad = tokenAad('web:acme');
    const old = createSecretBox([k1]).seal(TOKEN, aad);
    const rotated = createSecretBox([k2, k1]);
    expect(rotated.open(old, aad)).toBe(TOKEN);
    expect(rotated.isStale(old)).toBe(true);
    const rewrapped = rotated.rewrap(old, aad);
    expect(rewrapped.startsWith('v1.k2.')).toBe(true);
    expect(rotated.isStale(rewrapped)).toBe(false);
    // Once rewrapped, the old key can go.
    expect(createSecretBox([k2]).open(rewrapped, aad)).toBe(TOKEN);
    expect(thrown(() => createSecretBox([k2]).open(old, aad)).code).toBe('secret_key_unknown');
  });

  it('never puts the plaintext, the sealed value or a key in an error', () => {
    const k = key('k1');
    const box = createSecretBox([k]);
    const sealed = box.seal(TOKEN, tokenAad('slack:T1'));
    const errors = [
      thrown(() => box.open(sealed, tokenAad('slack:T2'))),
      thrown(() => createSecretBox([key('k2')]).open(sealed, tokenAad('slack:T1'))),
      thrown(() => box.open(`${sealed}x`, tokenAad('slack:T1'))),
    ];
    for (const e of errors) {
      const text = `${e.message}\n${e.stack ?? ''}\n${JSON.stringify(e)}`;
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(sealed.split('.')[3]);
      expect(text).not.toContain(k.key.toString('base64'));
    }
  });
});

describe('SECRETS_KEY', () => {
  it('parses <id>:<base64 of 32 bytes>, several keys, the first sealing', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64');
    const keys = parseSecretKeys(`k2:${a}, k1:${b}`);
    expect(keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(keys[0]?.key.toString('base64')).toBe(a);
    expect(createSecretBox(keys).currentKeyId).toBe('k2');
  });

  it('states the rule for a malformed key without echoing it', () => {
    const short = randomBytes(16).toString('base64');
    const full = randomBytes(32).toString('base64');
    const message = (v: string) => {
      try {
        parseSecretKeys(v);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(message(`k1:${short}`)).toMatch(/must be 32 bytes \(it is 16\); make one with openssl rand -base64 32/);
    expect(message(`k1:${short}`)).not.toContain(short);
    expect(message(full)).toMatch(/<id>:<base64>/);
    expect(message(full)).not.toContain(full);
    expect(message(`k1:${full},k1:${full}`)).toContain('appears twice');
    expect(message('')).toContain('at least one key');
  });
});

describe('account fingerprint', () => {
  it('is short, stable, different per token, and never the token', () => {
    const keys = [key('k1')];
    const a = accountFingerprint(TOKEN, keys);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(accountFingerprint(TOKEN, keys)).toBe(a);
    expect(accountFingerprint(`${TOKEN}2`, keys)).not.toBe(a);
    expect(a).not.toContain(TOKEN.slice(0, 8));
    // Keyed: without SECRETS_KEY's key (a plain SHA-256) the store's fingerprint says nothing checkable.
    expect(accountFingerprint(TOKEN)).not.toBe(a);
    expect(accountFingerprint(TOKEN)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
