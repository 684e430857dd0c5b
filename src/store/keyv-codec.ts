/**
 * keyv's value format with a fast path: plain `JSON.stringify` / `JSON.parse` whenever they give
 * exactly what keyv's own serialiser gives, and keyv's serialiser otherwise.
 *
 * keyv (@keyv/serialize) writes JSON but escapes strings that start with ':' (as '::…') and
 * Buffers (as ':base64:…'), walking every value in JavaScript; reading, it passes every string
 * through a JSON.parse reviver. Together that was ~0.3 ms of main-thread CPU per /ml-fund
 * (bench/ack.ts profile, docs/benchmarks.md). A string that starts with ':' shows in the JSON text
 * as a quote and a colon right after ':', '[' or ',' (where a value starts); a Buffer as
 * `{"type":"Buffer",…`. Text with neither takes the fast path; any other goes through keyv's
 * functions, so the stored format is unchanged (old files read back, old readers could read new).
 */
import type Keyv from 'keyv';

/** A value that starts with ':' (or a key, which only costs the slow path). */
const COLON_STRING = /[:[,]":/;
const BUFFER_JSON = '{"type":"Buffer","data":[';

export function useFastCodec(keyv: Keyv): Keyv {
  const serialize = keyv.serialize;
  const deserialize = keyv.deserialize;
  if (!serialize || !deserialize) return keyv;
  keyv.serialize = (data) => {
    const text = JSON.stringify(data);
    return COLON_STRING.test(text) || text.includes(BUFFER_JSON) ? serialize(data) : text;
  };
  keyv.deserialize = (text) => (COLON_STRING.test(text) ? deserialize(text) : JSON.parse(text));
  return keyv;
}
