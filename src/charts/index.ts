/** Server-side charts (infrastructure behind core's ChartRenderer port). */
export { ChartFontMissingError, DEFAULT_FONT_FILES, findChartFont } from './font.ts';

import type { ChartRenderer, ChartSpec } from '../core/shared/chart-port.ts';
import type { Logger } from '../core/shared/ports.ts';
import { ChartFontMissingError, findChartFont } from './font.ts';

/**
 * The renderer behind a door that opens on the first chart: ECharts and resvg cost ~0.3–0.7 s to
 * load, which every start (and every restart after a crash, when receipts are owed) would pay for
 * a report that is asked for weekly.
 */
class LazyChartRenderer implements ChartRenderer {
  readonly #fontFile: string;
  #renderer: Promise<ChartRenderer> | undefined;

  constructor(fontFile: string) {
    this.#fontFile = fontFile;
  }

  async renderPng(spec: ChartSpec): Promise<Uint8Array> {
    this.#renderer ??= import('./png-renderer.ts').then((m) => new m.EchartsPngRenderer({ fontFile: this.#fontFile }));
    return (await this.#renderer).renderPng(spec);
  }
}

/**
 * The renderer the bot runs with, or undefined (with one warning) when no font file exists: a
 * chart without its labels would be a picture of numbers nobody can read, and every figure is in
 * the report's text anyway, so the report goes out without charts rather than not at all.
 */
export function createChartRenderer(logger: Logger, fontFile?: string): ChartRenderer | undefined {
  try {
    return new LazyChartRenderer(findChartFont(fontFile));
  } catch (err) {
    if (!(err instanceof ChartFontMissingError)) throw err;
    logger.warn({ code: err.code }, err.message);
    return undefined;
  }
}

let shared: { readonly fontFile: string | undefined; readonly renderer: ChartRenderer | undefined } | undefined;

/** One renderer per process (it holds nothing per tenant), so a missing font is warned about once. */
export function sharedChartRenderer(logger: Logger, fontFile?: string): ChartRenderer | undefined {
  if (!shared || shared.fontFile !== fontFile) shared = { fontFile, renderer: createChartRenderer(logger, fontFile) };
  return shared.renderer;
}
