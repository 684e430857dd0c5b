/**
 * A reader for the plain YAML compose.yaml is written in, because the project has no YAML
 * library: block maps, block sequences of scalars, flow sequences written as JSON arrays, quoted
 * and plain scalars (kept as strings), comments. Anything else (anchors, aliases, merge keys,
 * block scalars, tabs, maps inside sequences) throws, naming the line, so the file cannot quietly
 * grow a construct this reader would misread.
 */

export type YamlValue = string | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  readonly n: number;
  readonly indent: number;
  readonly text: string;
}

class YamlSubsetError extends Error {
  constructor(line: number, message: string) {
    super(`compose.yaml line ${line}: ${message}`);
  }
}

/** The line without a trailing ` # comment` outside quotes. */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"') i++;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || text[i - 1] === ' ')) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

function scalar(raw: string, n: number): YamlValue {
  const v = raw.trim();
  if (/^[&*!|>]/.test(v) || v.startsWith('<<')) throw new YamlSubsetError(n, `unsupported construct "${v}"`);
  if (v.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
    } catch {}
    throw new YamlSubsetError(n, 'a flow sequence must be a JSON array of double-quoted strings');
  }
  if (v.startsWith('{')) throw new YamlSubsetError(n, 'flow maps are not supported');
  if (v.startsWith('"')) return JSON.parse(v) as string;
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2) throw new YamlSubsetError(n, 'unterminated single-quoted string');
    return v.slice(1, -1).replace(/''/g, "'");
  }
  return v;
}

function block(lines: readonly Line[], start: number, indent: number): { value: YamlValue; next: number } {
  const first = lines[start];
  if (!first || first.indent !== indent) throw new YamlSubsetError(first?.n ?? 0, 'bad indentation');
  if (first.text.startsWith('- ') || first.text === '-') {
    const items: YamlValue[] = [];
    let i = start;
    while (i < lines.length && lines[i]!.indent === indent && lines[i]!.text.startsWith('- ')) {
      const item = lines[i]!.text.slice(2);
      if (/^[\w.-]+:(\s|$)/.test(item))
        throw new YamlSubsetError(lines[i]!.n, 'maps inside sequences are not supported');
      items.push(scalar(item, lines[i]!.n));
      i++;
    }
    return { value: items, next: i };
  }
  const map: Record<string, YamlValue> = {};
  let i = start;
  while (i < lines.length && lines[i]!.indent === indent) {
    const { n, text } = lines[i]!;
    const m = /^([\w.-]+):(?:\s+(.*))?$/.exec(text);
    if (!m) throw new YamlSubsetError(n, `expected "key: value", got "${text}"`);
    const key = m[1]!;
    if (key in map) throw new YamlSubsetError(n, `duplicate key "${key}"`);
    if (m[2] !== undefined && m[2] !== '') {
      map[key] = scalar(m[2], n);
      i++;
      continue;
    }
    const child = lines[i + 1];
    if (child && child.indent > indent) {
      const parsed = block(lines, i + 1, child.indent);
      map[key] = parsed.value;
      i = parsed.next;
    } else {
      map[key] = '';
      i++;
    }
  }
  if (i < lines.length && lines[i]!.indent > indent) throw new YamlSubsetError(lines[i]!.n, 'bad indentation');
  return { value: map, next: i };
}

export function parseYamlSubset(source: string): YamlValue {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, index) => {
    if (raw.includes('\t')) throw new YamlSubsetError(index + 1, 'tabs are not allowed');
    const text = stripComment(raw);
    if (text.trim() === '') return;
    lines.push({ n: index + 1, indent: text.length - text.trimStart().length, text: text.trim() });
  });
  if (lines.length === 0) return {};
  const { value, next } = block(lines, 0, lines[0]!.indent);
  if (next !== lines.length) throw new YamlSubsetError(lines[next]!.n, 'unexpected content');
  return value;
}
