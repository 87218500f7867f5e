/**
 * What the generator knows while it writes one program: the names in scope,
 * where `await`, `break`, `continue` and `return` are allowed, and how much
 * nesting is left.
 */
import type { Rng } from "./random";
import { print, seq, type Part } from "./tree";

export interface GenOptions {
  /** async functions f0…fn besides the program body */
  functions: [number, number];
  /** the recursion bound: the program's `d`, passed down as d - 1 */
  depth: number;
  /** the global bound on calls that do more than return their argument */
  fuel: number;
  /** statement nesting (loops, ifs, try, switch inside one another) */
  nest: number;
  /** expression nesting */
  exprDepth: number;
  /** statements per block: [min, max] at the top of a function, nested blocks get fewer */
  stmts: [number, number];
}

export const DEFAULT_OPTIONS: GenOptions = {
  functions: [1, 4],
  depth: 3,
  fuel: 16,
  nest: 3,
  exprDepth: 2,
  stmts: [2, 5],
};

export interface Label {
  name: string;
  loop: boolean;
}

export interface Ctx {
  rng: Rng;
  opts: GenOptions;
  /** shared counter for fresh names and trace tags */
  ids: { n: number };
  /** the program's async functions, all callable as f(d - 1, x) */
  funcs: string[];
  /** readable names */
  vars: string[];
  /** assignable names (never a loop counter: loops must terminate) */
  muts: string[];
  /** await allowed here */
  async: boolean;
  /** enclosing labels a break (or, for loops, a continue) may target */
  labels: Label[];
  breakable: boolean;
  continuable: boolean;
  /** inside a function body (return allowed): false only inside expressions' arrows */
  returnable: boolean;
  /** inside try/catch/finally: throws, returns and jumps are more likely */
  inTry: boolean;
  nest: number;
  /** the innermost block's lexical scope */
  scope: Scope;
  /** sync functions and classes in scope, callable by name */
  calls: Callable[];
}

/**
 * A block's lexical scope, as far as the generator needs it to reuse names
 * (the shared pool, NAMES) without writing an invalid program: a name may be
 * declared in a block only once (a function's parameters and a catch
 * clause's parameter count as declared in its body), and not after the
 * block has used an outer binding of that name (which would then be in its
 * temporal dead zone).
 */
export interface Scope {
  declared: Set<string>;
  /** the block's statements written so far */
  items: Part[];
  /** switch cases share one scope where any case may run first: no pool names */
  noShadow: boolean;
  /**
   * a function's body: the only place a function declaration takes a pool
   * name (in a nested block, sloppy mode's Annex B would also give the name
   * a var binding in the function, which the generator does not model)
   */
  fnBody: boolean;
}

export function newScope(declared: Iterable<string> = [], items: Part[] = [], flags: { noShadow?: boolean; fnBody?: boolean } = {}): Scope {
  return { declared: new Set(declared), items, noShadow: !!flags.noShadow, fnBody: !!flags.fnBody };
}

/** a sync function or class the program may call: its parameters say which arguments fit */
export interface Callable {
  name: string;
  params: ParamShape[];
  /** a class: `new C(args).m(args)` */
  method?: ParamShape[];
}

/** plain `p`, `p = e` (its argument may be left out), `{ a: p = e }` (takes an object), `[p, q = e]` (an array) */
export type ParamShape = "plain" | "default" | "object" | "array";

/**
 * The shared name pool: loop bindings, parameters, catch parameters, block
 * bindings, inner functions and classes draw from it, so that inner
 * bindings often reuse an outer binding's name (x is also the async
 * functions' parameter). Never g, d or fuel: the bounds stay visible.
 */
export const NAMES = ["n", "j", "x", "u"];

function mentions(parts: Part[], name: string): boolean {
  return new RegExp("\\b" + name + "\\b").test(print(seq(...parts)));
}

/**
 * A pool name this block may declare now (with probability p), or null:
 * not declared here yet, and not used here yet (an outer binding's use
 * before the declaration would be in its temporal dead zone).
 */
export function poolName(c: Ctx, p: number, avoid: string[] = []): string | null {
  if (c.scope.noShadow || !c.rng.chance(p)) return null;
  const ok = NAMES.filter((n) => !avoid.includes(n) && !c.scope.declared.has(n) && !mentions(c.scope.items, n));
  return pickName(c, ok);
}

/** a pool name for a binding of a new scope of its own (a loop head, parameters, a catch clause) */
export function headName(c: Ctx, p: number, avoid: string[] = []): string | null {
  return c.rng.chance(p) ? pickName(c, NAMES.filter((n) => !avoid.includes(n))) : null;
}

function pickName(c: Ctx, ok: string[]): string | null {
  if (!ok.length) return null;
  // now and then prefer a name already visible: shadowing
  const visible = ok.filter((n) => c.vars.includes(n) || c.calls.some((f) => f.name === n));
  return c.rng.pick(visible.length && c.rng.chance(0.6) ? visible : ok);
}

/** a pool name or a fresh one */
export function nameFor(c: Ctx, prefix: string, p: number, avoid: string[] = []): string {
  return poolName(c, p, avoid) || fresh(c, prefix);
}

/** `name` now denotes a new binding here: a value (mutable or not) */
export function bind(c: Ctx, name: string, mutable: boolean): void {
  unbind(c, name);
  c.vars.push(name);
  if (mutable) c.muts.push(name);
}

/** `name` now denotes a function or class here */
export function bindCallable(c: Ctx, f: Callable): void {
  unbind(c, f.name);
  c.calls.push(f);
}

/** forget the outer bindings of `name` (they are shadowed) */
export function unbind(c: Ctx, name: string): void {
  c.vars = c.vars.filter((v) => v !== name);
  c.muts = c.muts.filter((v) => v !== name);
  c.calls = c.calls.filter((f) => f.name !== name);
}

/** a context where these names are not used (an initializer, a default, an iterated expression: their TDZ) */
export function without(c: Ctx, names: string[]): Ctx {
  const d = { ...c, vars: c.vars.slice(), muts: c.muts.slice(), calls: c.calls.slice() };
  for (const n of names) unbind(d, n);
  return d;
}

export function fresh(c: Ctx, prefix: string): string {
  return prefix + ++c.ids.n;
}

/** a block's context: its declarations stay inside */
export function inner(c: Ctx, extra: Partial<Ctx> = {}): Ctx {
  return { ...c, vars: c.vars.slice(), muts: c.muts.slice(), calls: c.calls.slice(), ...extra };
}

/** a fresh trace tag, as a string literal */
export function tag(c: Ctx, prefix: string): string {
  return JSON.stringify(fresh(c, prefix));
}
