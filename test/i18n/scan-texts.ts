/**
 * Finds the human texts written in core's code instead of the catalog: every string or template
 * literal in src/core/**\/*.ts (not messages/) that reads like words ("a word, a space, another
 * word"), minus what is not shown to people (the rules below). TypeScript 7's package has no
 * JavaScript compiler API (no ts.createSourceFile), so the files are parsed with oxc's TypeScript
 * parser as Vite ships it (rolldown/parseAst): the same syntax tree, in ESTree form.
 *
 * Not texts, by rule (each is a decision, see docs/languages.md):
 * - import/export paths; object keys and class member names; anything in a type position;
 * - log calls (`logger.info(…)`, `ctx.logger.warn(…)`, `log.debug(…)`, `logger.child(…)`): logs
 *   are for operators and stay English;
 * - `new Error(…)`, `new TypeError(…)`, `new RangeError(…)`, `new BotError(code, …)`: developer-
 *   facing. What a person sees of a BotError is chosen by its stable code through the catalog
 *   (shared/inbound.ts, shared/billing-call.ts), never its message. Any other error class built
 *   with a literal is reported: an error whose message is shown to people takes it from the catalog;
 * - audit records: a `detail` property, or the arguments of `audit(…)`: the audit CSV is a
 *   record, English by design, whatever the actor's language;
 * - `new RegExp(…)` sources;
 * - a command line ("/ml audit [days]", "/ml-fund 50"): command names are never translated;
 * - the explicit, commented entries of allowlist.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { ALLOWLIST, type Allowed } from './allowlist.ts';

export const CORE = join(import.meta.dirname, '../../src/core');

export interface Offender {
  /** Path under src/core. */
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** A room is a folder of core; a file at core's top (engine.ts, index.ts) is a room of its own name. */
export function roomOf(file: string): string {
  const [first = '', second] = file.split('/');
  return second === undefined ? first.replace(/\.ts$/, '') : first;
}

const DEVELOPER_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'BotError']);
const LOGGERS = new Set(['logger', 'log']);
/** A placeholder for a template's `${…}`: not a letter, so `${a} ${b}` is no text, `${n} hours` is. */
const ARG = '\u0001';
const WORDS = new RegExp(`\\p{L}{2,}[,;:.!?)'’]?\\s+(\\p{L}{2,}|${ARG})|${ARG}\\s+\\p{L}{2,}`, 'u');

type Node = { readonly type: string; readonly start: number; readonly [key: string]: unknown };

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    if (Array.isArray(value)) for (const v of value) isNode(v) && out.push(v);
    else if (isNode(value)) out.push(value);
  }
  return out;
}

/** Calls whose argument at this index is written for the log only. */
const LOG_ONLY_ARGUMENT: Readonly<Record<string, number>> = { callBilling: 2, answerFailure: 3 };

/** The last name of `a.b.logger` / `this.#deps.logger` / `logger`. */
function lastName(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'MemberExpression') {
    const p = node.property as Node;
    return p.type === 'Identifier' || p.type === 'PrivateIdentifier' ? (p.name as string) : undefined;
  }
  return undefined;
}

function isLogCall(call: Node): boolean {
  const callee = call.callee as Node;
  return callee.type === 'MemberExpression' && LOGGERS.has(lastName(callee.object) ?? '');
}

const KEYED = new Set(['Property', 'PropertyDefinition', 'MethodDefinition', 'TSPropertySignature']);
const VALUE_TS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion']);

/** "/ml audit [days]", "/ml-fund 50 eval run": a whole literal that is a command line. */
const COMMAND_LINE = /^\/[a-z][a-z-]*(\s+[\p{L}\d[\]<>|….,-]+)*$/u;

/** Why a literal under this chain of ancestors is not a text (undefined: it is one). */
function excluded(node: Node, ancestors: readonly Node[]): boolean {
  const parent = ancestors.at(-1);
  if (!parent) return false;
  if (KEYED.has(parent.type) && parent.key === node && !parent.computed) return true;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i] as Node;
    const child = (ancestors[i + 1] ?? node) as Node;
    if (a.type.startsWith('TS') && !VALUE_TS.has(a.type)) return true;
    if (/^(Import|Export(Named|All))Declaration$|^ImportExpression$/.test(a.type) && a.source === child) return true;
    if (a.type === 'CallExpression' && (isLogCall(a) || lastName(a.callee) === 'audit')) return true;
    // An argument that only reaches the log: callBilling's `what` (the person reads its catalog
    // version, billing-call.ts) and answerFailure's `what` (the error line; people get the ref).
    if (a.type === 'CallExpression') {
      const logArg = LOG_ONLY_ARGUMENT[lastName(a.callee) ?? ''];
      if (logArg !== undefined && (a.arguments as Node[] | undefined)?.[logArg] === child) return true;
    }
    // An Error subclass's message (errors.ts): logs and codes; people's answers come from the code.
    if (a.type === 'CallExpression' && (a.callee as Node).type === 'Super') return true;
    // CommandSpec.summary: /ml help shows the catalog's help.summary.<command> (admin/help-texts.ts,
    // whose test checks each English entry against its spec's summary).
    if (a.type === 'Property' && lastName(a.key) === 'summary' && a.value === child) return true;
    if (a.type === 'NewExpression' && a.callee && (a.callee as Node).type === 'Identifier') {
      const name = (a.callee as Node).name as string;
      if (DEVELOPER_ERRORS.has(name) || name === 'RegExp') return true;
    }
    if (a.type === 'Property' && lastName(a.key) === 'detail' && a.value === child) return true;
  }
  return false;
}

function textOf(node: Node): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') {
    const quasis = node.quasis as { value: { cooked: string | null; raw: string } }[];
    return quasis.map((q) => q.value.cooked ?? q.value.raw).join(ARG);
  }
  return undefined;
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

export function scanSource(file: string, source: string, allow: readonly Allowed[] = ALLOWLIST): Offender[] {
  const out: Offender[] = [];
  const visit = (node: Node, ancestors: Node[]) => {
    const text = textOf(node);
    if (text !== undefined && WORDS.test(text) && !COMMAND_LINE.test(text) && !excluded(node, ancestors)) {
      const shown = text.replaceAll(ARG, '{…}');
      if (!allow.some((a) => a.file === file && shown.includes(a.text)))
        out.push({ file, line: lineOf(source, node.start), text: shown });
    }
    // A template's own quasis are judged as one text, above.
    if (node.type === 'TemplateLiteral') {
      for (const e of node.expressions as Node[]) visit(e, [...ancestors, node]);
      return;
    }
    for (const c of children(node)) visit(c, [...ancestors, node]);
  };
  visit(parseAst(source, { lang: 'ts' }, file) as unknown as Node, []);
  return out;
}

function* coreFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path === join(CORE, 'shared/messages')) continue;
      yield* coreFiles(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** Every text in core's code that bypasses the catalog, by room. */
export function scanCore(): Map<string, Offender[]> {
  const rooms = new Map<string, Offender[]>();
  for (const path of coreFiles(CORE)) {
    const file = relative(CORE, path).split('\\').join('/');
    for (const o of scanSource(file, readFileSync(path, 'utf8'))) {
      const room = roomOf(file);
      rooms.set(room, [...(rooms.get(room) ?? []), o]);
    }
  }
  return rooms;
}
