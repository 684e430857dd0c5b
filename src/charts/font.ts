/**
 * The one font the charts use. resvg draws no text without a font, and system font lookup makes
 * the output depend on the machine, so the renderer loads one file explicitly
 * (`loadSystemFonts: false`). The file is the first that exists of CHART_FONT_FILE (createBot's
 * `chartFontFile`) and the DejaVu Sans paths of Debian/Ubuntu, Fedora and Alpine.
 */
import { existsSync } from 'node:fs';

export const DEFAULT_FONT_FILES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
];

export class ChartFontMissingError extends Error {
  readonly code = 'chart_font_missing';
  constructor(tried: readonly string[]) {
    super(
      `no font file for the report's charts (tried ${tried.join(', ')}): install fonts-dejavu-core or set CHART_FONT_FILE; reports are sent without charts`,
    );
    this.name = 'ChartFontMissingError';
  }
}

/** The font file to load; throws ChartFontMissingError when none of the candidates exists. */
export function findChartFont(preferred?: string, candidates: readonly string[] = DEFAULT_FONT_FILES): string {
  const tried = preferred ? [preferred, ...candidates] : [...candidates];
  const found = tried.find((path) => existsSync(path));
  if (!found) throw new ChartFontMissingError(tried);
  return found;
}
