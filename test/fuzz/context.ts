/**
 * What the generator knows while it writes one program: the names in scope,
 * where `await`, `break`, `continue` and `return` are allowed, and how much
 * nesting is left.
 */
import type { Rng } from "./random";

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
}

export function fresh(c: Ctx, prefix: string): string {
  return prefix + ++c.ids.n;
}

/** a block's context: its declarations stay inside */
export function inner(c: Ctx, extra: Partial<Ctx> = {}): Ctx {
  return { ...c, vars: c.vars.slice(), muts: c.muts.slice(), ...extra };
}

/** a fresh trace tag, as a string literal */
export function tag(c: Ctx, prefix: string): string {
  return JSON.stringify(fresh(c, prefix));
}
