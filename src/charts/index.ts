/** Server-side charts (infrastructure behind core's ChartRenderer port). */
export { ChartFontMissingError, DEFAULT_FONT_FILES, findChartFont } from './font.ts';
export { CHART_HEIGHT, CHART_WIDTH, EchartsPngRenderer } from './png-renderer.ts';

import type { ChartRenderer, Logger } from '../core/shared/ports.ts';
import { ChartFontMissingError, findChartFont } from './font.ts';
import { EchartsPngRenderer } from './png-renderer.ts';

/**
 * The renderer the bot runs with, or undefined (with one warning) when no font file exists: a
 * chart without its labels would be a picture of numbers nobody can read, and every figure is in
 * the report's text anyway, so the report goes out without charts rather than not at all.
 */
export function createChartRenderer(logger: Logger, fontFile?: string): ChartRenderer | undefined {
  try {
    return new EchartsPngRenderer({ fontFile: findChartFont(fontFile) });
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
