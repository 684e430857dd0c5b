/**
 * The fast codec writes and reads exactly what keyv's own serialiser does, for values that take
 * the fast path and for those (colon-first strings, Buffers) that must not.
 */
import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { useFastCodec } from '../../src/store/keyv-codec.ts';
import { makeRequest } from './fixtures.ts';

const keyvOwn = new Keyv();
const fast = useFastCodec(new Keyv());
const own = { serialize: keyvOwn.serialize!, deserialize: keyvOwn.deserialize! };

const VALUES: Record<string, unknown> = {
  request: makeRequest({ note: 'eval run — ünïcode ✓ "quoted": yes' }),
  'colon-first note': makeRequest({ note: ':colon first' }),
  'colon-first in an array': { tags: ['a', ':b', '::c'] },
  'colon-first right after another value': { a: 1, b: ':x' },
  'key that starts with a colon': { ':key': 'v' },
  'colon inside a string': { url: 'https://example.com/a:b', text: 'ratio 3:1' },
  'escaped quote then colon': { text: 'he said ":hello"' },
  buffer: { bytes: Buffer.from('hi') },
  'nested and empty': { a: { b: { c: [] } }, d: null, e: [1, null, 'x'], f: '' },
  string: ':just a string',
};

describe('keyv fast codec', () => {
  for (const [name, value] of Object.entries(VALUES)) {
    const data = { value, expires: name === 'string' ? 1_700_000_000_000 : undefined };
    it(`writes what keyv writes, and reads it back the same: ${name}`, async () => {
      const text = await fast.serialize!(data);
      expect(text).toBe(await own.serialize(data));
      expect(await fast.deserialize!(text)).toEqual(await own.deserialize(text));
      expect((await fast.deserialize!(text))?.value).toEqual(value);
    });
  }
});
