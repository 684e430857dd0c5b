/**
 * A reader for nginx configuration files, enough to check what deploy/nginx.conf tells nginx:
 * directives (`name args…;`) and blocks (`name args… { … }`), comments and quoted arguments.
 */

export interface Directive {
  readonly name: string;
  readonly args: readonly string[];
  /** Present for a block (`http`, `server`, `location`, `upstream`, `map`, …). */
  readonly children?: readonly Directive[];
}

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) i++;
    else if (ch === '#') while (i < source.length && source[i] !== '\n') i++;
    else if (ch === '{' || ch === '}' || ch === ';') {
      tokens.push(ch);
      i++;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== ch) {
        if (source[j] === '\\') j++;
        text += source[j];
        j++;
      }
      if (j >= source.length) throw new Error('nginx.conf: unterminated quote');
      tokens.push(text);
      i = j + 1;
    } else {
      let j = i;
      while (j < source.length && !/[\s{};]/.test(source[j]!)) j++;
      tokens.push(source.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export function parseNginxConf(source: string): Directive[] {
  const tokens = tokenize(source);
  let pos = 0;
  const parseBlock = (nested: boolean): Directive[] => {
    const out: Directive[] = [];
    let words: string[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++]!;
      if (t === ';') {
        if (words.length === 0) throw new Error('nginx.conf: empty directive');
        out.push({ name: words[0]!, args: words.slice(1) });
        words = [];
      } else if (t === '{') {
        if (words.length === 0) throw new Error('nginx.conf: block without a name');
        out.push({ name: words[0]!, args: words.slice(1), children: parseBlock(true) });
        words = [];
      } else if (t === '}') {
        if (!nested || words.length > 0) throw new Error('nginx.conf: unbalanced "}"');
        return out;
      } else words.push(t);
    }
    if (nested || words.length > 0) throw new Error('nginx.conf: unexpected end of file');
    return out;
  };
  return parseBlock(false);
}

/** Every directive named `name` anywhere under `tree`. */
export function findAll(tree: readonly Directive[], name: string): Directive[] {
  return tree.flatMap((d) => [...(d.name === name ? [d] : []), ...findAll(d.children ?? [], name)]);
}

/** The arguments of the directive `name` directly inside `block` (undefined if absent). */
export function arg(block: Directive, name: string): readonly string[] | undefined {
  return block.children?.find((d) => d.name === name)?.args;
}
