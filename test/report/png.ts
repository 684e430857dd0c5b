/** Reads a PNG's header the way a viewer does: signature, IHDR first (width, height), IEND last. */
import { expect } from 'vitest';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.slice(0, 8)]).toEqual(SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.slice(12, 16))).toBe('IHDR');
  expect(new TextDecoder().decode(png.slice(-8, -4))).toBe('IEND');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
