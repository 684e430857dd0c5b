/**
 * ChartRenderer on the server, no browser: Apache ECharts renders the chart to an SVG string
 * (server-side rendering, `ssr: true`), and resvg (Rust, native binary) rasterises it to PNG with
 * the one font file given, never the system's fonts, so the same figures give the same bytes.
 */
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ChartRenderer, ChartSpec } from '../core/shared/chart-port.ts';
import { echartsOption } from './echarts-options.ts';

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
/** The family name inside DejaVuSans.ttf; ECharts names it on every text, resvg falls back to it. */
const FONT_FAMILY = 'DejaVu Sans';

export class EchartsPngRenderer implements ChartRenderer {
  readonly #fontFile: string;

  constructor(options: { readonly fontFile: string }) {
    this.#fontFile = options.fontFile;
  }

  /** The chart as SVG text (what resvg rasterises; also handy to inspect a chart). */
  renderSvg(spec: ChartSpec): string {
    const width = spec.width ?? CHART_WIDTH;
    const height = spec.height ?? CHART_HEIGHT;
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
    try {
      chart.setOption(echartsOption(spec, FONT_FAMILY));
      return chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
  }

  async renderPng(spec: ChartSpec): Promise<Uint8Array> {
    const resvg = new Resvg(this.renderSvg(spec), {
      fitTo: { mode: 'original' },
      background: '#ffffff',
      font: { fontFiles: [this.#fontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    });
    return new Uint8Array(resvg.render().asPng());
  }
}
