/**
 * The chart port: what core asks to be drawn for the weekly report and /ml report. Core builds
 * the spec; src/charts draws it.
 */
import type { Cents } from './money.ts';

/**
 * One chart to draw: a line (balance over time) or bars (spend by member). Values are cents
 * (the renderer shows dollars); `labels[i]` names `values[i]`. Core builds the spec from figures
 * it also writes in the text, so a chart is never the only place a number appears.
 */
export interface ChartSpec {
  readonly kind: 'line' | 'bar';
  readonly title: string;
  readonly labels: readonly string[];
  readonly values: readonly Cents[];
  /** Pixels; default 800 × 400. */
  readonly width?: number;
  readonly height?: number;
}

/** Draws charts as PNG on the server (src/charts: ECharts SVG rasterised by resvg). */
export interface ChartRenderer {
  renderPng(spec: ChartSpec): Promise<Uint8Array>;
}
