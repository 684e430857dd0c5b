/**
 * A ChartSpec as an ECharts option. Deterministic on purpose (no animation, fixed colours, one
 * named font): the same figures draw the same PNG, so docs screenshots and tests are stable.
 */
import type { ChartSpec } from '../core/shared/chart-port.ts';

const INK = '#1f2933';
const LINE = '#2563eb';
const BAR = '#0f766e';

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export function echartsOption(spec: ChartSpec, fontFamily: string): Record<string, unknown> {
  const values = spec.values.map((c) => c / 100);
  const series =
    spec.kind === 'line'
      ? {
          type: 'line',
          data: values,
          color: LINE,
          symbolSize: 6,
          lineStyle: { width: 2 },
          areaStyle: { opacity: 0.08 },
        }
      : {
          type: 'bar',
          data: values,
          color: BAR,
          barMaxWidth: 48,
          // The amount on each bar: a reader of the picture alone still gets the figure.
          label: {
            show: true,
            position: 'top',
            formatter: (p: { dataIndex: number }) => dollars(spec.values[p.dataIndex] ?? 0),
          },
        };
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily, color: INK },
    title: { text: spec.title, left: 16, top: 12, textStyle: { fontFamily, fontSize: 16, color: INK } },
    grid: { left: 72, right: 24, top: 56, bottom: 56 },
    xAxis: {
      type: 'category',
      data: [...spec.labels],
      axisLabel: { fontFamily, color: INK, interval: 'auto', hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      axisLabel: { fontFamily, color: INK, formatter: (v: number) => `$${v}` },
      splitLine: { lineStyle: { color: '#e5e7eb' } },
    },
    series: [series],
  };
}
