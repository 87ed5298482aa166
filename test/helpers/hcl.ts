// Loaded with require and typed here: the package's own declarations add `/// <reference lib="dom" />`
// (lib/bridge.d.ts), whose fetch types would replace Node's for the whole type-check.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('@cdktf/hcl2json') as { parse(filename: string, contents: string): Promise<Record<string, any>> };

const JSONENCODE = /^\$\{jsonencode\(([\s\S]*)\)\}$/;

/** Parses HCL with Terraform's own parser (hcl2json, HCL → Terraform JSON); throws on a syntax error. */
export function parseHcl(file: string, contents: string): Promise<Record<string, any>> {
  return parse(file, contents);
}

/**
 * The value inside an argument rendered as `${jsonencode(<expression>)}`, read by Terraform's HCL
 * parser. Literals become JSON values; references stay `${…}` strings, as in Terraform JSON.
 */
export async function jsonencoded(argument: unknown): Promise<any> {
  const m = typeof argument === 'string' ? JSONENCODE.exec(argument) : null;
  if (!m) throw new Error(`not a jsonencode(...) expression: ${String(argument).slice(0, 80)}`);
  return (await parse('jsonencode.tf', `value = ${m[1]}\n`)).value;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * One shape for a Terraform JSON document and the JSON hcl2json makes of its HCL rendering, so
 * the two compare by value:
 * - hcl2json lists every block (`[{…}]`); cdktf's JSON writes a single block as an object;
 * - `null` arguments are omitted (Terraform treats null and absent alike); cdktf's `//` metadata is dropped;
 * - `jsonencode(...)` arguments compare by their decoded value (the two renderers space them differently);
 * - a multi-line string gains one trailing newline: cdktf renders it as a heredoc
 *   (node_modules/cdktf/lib/hcl/render.js, renderString), and a heredoc's value ends with "\n".
 */
export async function comparable(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map(comparable));
    return items.length === 1 && isObject(items[0]) ? items[0] : items;
  }
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([k, v]) => v !== null && k !== '//');
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(await Promise.all(entries.map(async ([k, v]) => [k, await comparable(v)])));
  }
  if (typeof value === 'string') {
    if (JSONENCODE.test(value)) return { jsonencode: await comparable(await jsonencoded(value)) };
    if (/[\r\n]/.test(value) && !value.endsWith('\n')) return `${value}\n`;
  }
  return value;
}
