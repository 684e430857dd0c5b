/** The charts are real PNGs of the asked size, drawn with the one font, and follow their data. */
import { describe, expect, it } from 'vitest';
import { ChartFontMissingError, createChartRenderer, findChartFont } from '../../src/charts/index.ts';
import { CHART_HEIGHT, CHART_WIDTH, EchartsPngRenderer } from '../../src/charts/png-renderer.ts';
import type { ChartSpec } from '../../src/core/shared/chart-port.ts';
import { capturingLogger } from '../core/live.ts';
import { pngSize } from './png.ts';

const renderer = new EchartsPngRenderer({ fontFile: findChartFont() });
const bars: ChartSpec = { kind: 'bar', title: 'Spend by member', labels: ['ann', 'ben'], values: [4500, 1500] };
const line: ChartSpec = {
  kind: 'line',
  title: 'Balance',
  labels: ['24 Nov', '25 Nov', '26 Nov'],
  values: [4250, 3900, 6100],
};

describe('EchartsPngRenderer', () => {
  it('draws PNGs of the default and of the asked size', async () => {
    expect(pngSize(await renderer.renderPng(line))).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(pngSize(await renderer.renderPng({ ...bars, width: 640, height: 320 }))).toEqual({
      width: 640,
      height: 320,
    });
  });

  it('gives the same bytes for the same data and different ones when a figure changes', async () => {
    const a = Buffer.from(await renderer.renderPng(bars));
    expect(Buffer.from(await renderer.renderPng(bars)).equals(a)).toBe(true);
    const b = Buffer.from(await renderer.renderPng({ ...bars, values: [4500, 1501] }));
    expect(b.equals(a)).toBe(false);
    const c = Buffer.from(await renderer.renderPng({ ...line, values: [4250, 3900, 6000] }));
    expect(c.equals(Buffer.from(await renderer.renderPng(line)))).toBe(false);
  });

  it('writes the amounts and labels as text in the chart (the font is loaded, not guessed)', () => {
    const svg = renderer.renderSvg(bars);
    expect(svg).toContain('$45.00');
    expect(svg).toContain('ann');
    expect(svg).toContain('DejaVu Sans');
  });
});

describe('names people chose', () => {
  it('are drawn as text, never as SVG markup', async () => {
    const spec: ChartSpec = { kind: 'bar', title: 'Spend', labels: ['<script>x</script>&"', 'ok'], values: [100, 200] };
    const svg = renderer.renderSvg(spec);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(pngSize(await renderer.renderPng(spec))).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
  });
});

describe('the chart font', () => {
  it('is missing clearly: no renderer, one warning naming the paths tried and the fix', () => {
    expect(() => findChartFont('/nope/font.ttf', [])).toThrow(ChartFontMissingError);
    const logger = capturingLogger();
    // A preferred path that does not exist is tried first, then the system's DejaVu Sans.
    expect(createChartRenderer(logger, '/nope/font.ttf')).toBeDefined();
    expect(findChartFont('/nope/font.ttf')).toMatch(/DejaVuSans\.ttf$/);
    const none = (() => {
      try {
        return findChartFont('/nope/font.ttf', ['/nope/other.ttf']);
      } catch (err) {
        return err as ChartFontMissingError;
      }
    })();
    expect(none).toBeInstanceOf(ChartFontMissingError);
    expect((none as ChartFontMissingError).message).toContain('/nope/font.ttf, /nope/other.ttf');
    expect((none as ChartFontMissingError).message).toContain('CHART_FONT_FILE');
  });
});
