/**
 * The generator's output: a tree of code fragments that prints to JavaScript
 * and that the shrinker can cut without knowing JavaScript.
 *
 *   seq   fragments printed one after another; `alts` lists smaller fragments
 *         the whole seq may be replaced by (the generator only offers
 *         replacements that keep the program valid where it can)
 *   list  statements, one per line, indented one level deeper; the shrinker
 *         removes items unless they are marked `keep` (loop guards, the
 *         recursion bound: what keeps every program terminating)
 */
export type Part = string | Seq | List;

export interface Seq {
  kind: "seq";
  parts: Part[];
  alts?: Part[];
  keep?: boolean;
}

export interface List {
  kind: "list";
  items: Part[];
  /** print the closing newline + indent (false for switch cases, whose list is not followed by "}") */
  close: boolean;
}

export function seq(...parts: Part[]): Seq {
  return { kind: "seq", parts };
}

/** a seq the shrinker may replace by one of `alts` */
export function alt(node: Part | Part[], ...alts: Part[]): Seq {
  const parts = Array.isArray(node) ? node : [node];
  return alts.length ? { kind: "seq", parts, alts } : { kind: "seq", parts };
}

export function list(items: Part[], close = true): List {
  return { kind: "list", items, close };
}

/** a statement the shrinker must never remove */
export function keep(...parts: Part[]): Seq {
  return { kind: "seq", parts, keep: true };
}

/** `{` statements `}` */
export function block(items: Part[]): Seq {
  return seq("{", list(items), "}");
}

export function print(p: Part, indent = 0): string {
  if (typeof p === "string") return p;
  if (p.kind === "seq") {
    let s = "";
    for (const x of p.parts) s += print(x, indent);
    return s;
  }
  if (!p.items.length) return "";
  const pad = "  ".repeat(indent + 1);
  let s = "";
  for (const x of p.items) s += "\n" + pad + print(x, indent + 1);
  return p.close ? s + "\n" + "  ".repeat(indent) : s;
}

/** every node of the tree, parents before children */
export function walk(p: Part, visit: (node: Seq | List) => void): void {
  if (typeof p === "string") return;
  visit(p);
  for (const x of p.kind === "seq" ? p.parts : p.items) walk(x, visit);
}
