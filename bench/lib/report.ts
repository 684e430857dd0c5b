/**
 * How a benchmark talks to bench/run.ts: a human table on stdout as it goes, and one last line
 * `BENCH_RESULT {json}` with the figures and the markdown section run.ts copies into
 * docs/benchmarks.md, so the document holds exactly what was printed.
 */
export const RESULT_PREFIX = 'BENCH_RESULT ';

export interface BenchResult {
  readonly name: string;
  /** Markdown: tables and verdicts, as printed. */
  readonly markdown: string;
  /** Targets checked, each with whether it held and by how much it missed. */
  readonly targets: readonly TargetCheck[];
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  /** When missed: by how much, and why. */
  readonly note?: string;
}

export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(r.map(String)))].join('\n');
}

export function targetTable(targets: readonly TargetCheck[]): string {
  return table(
    ['target', 'measured', 'met', 'note'],
    targets.map((t) => [t.target, t.measured, t.met ? 'yes' : '**no**', t.note ?? '']),
  );
}

/** Prints the markdown for people and the result line for run.ts. */
export function emit(result: BenchResult): void {
  console.log(`\n${result.markdown}\n\n${targetTable(result.targets)}\n`);
  console.log(RESULT_PREFIX + JSON.stringify(result));
}

export function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

export function seconds(valueMs: number): string {
  return Number.isFinite(valueMs) ? `${(valueMs / 1000).toFixed(1)} s` : 'n/a';
}

export function ratio(a: number, b: number): string {
  return b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : 'n/a';
}
