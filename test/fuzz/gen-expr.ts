/**
 * Expressions: mostly small integers, with `await` in any operand position
 * (binary and logical operands, ?: branches, call arguments, member objects
 * and computed keys, template literals, array and object literals, assignment
 * right-hand sides). Every compound expression is parenthesised, so any
 * sub-expression can replace it (`alts`) when the shrinker simplifies.
 * tap(tag, v) prints when an operand is evaluated: evaluation order shows.
 */
import { fresh, tag, type Ctx } from "./context";
import { callExpr } from "./gen-scope";
import { alt, type Part } from "./tree";

export const EXPR_WEIGHTS = {
  leaf: 6,
  binary: 5,
  logical: 2,
  nullish: 1,
  cond: 1.5,
  call: 1.5,
  member: 2,
  template: 1,
  array: 0.6,
  object: 0.6,
  assign: 1.5,
  comma: 0.4,
  unary: 0.8,
  await: 5,
};

/** what an `await` awaits */
export const AWAIT_WEIGHTS = {
  call: 6,
  value: 2,
  resolve: 1,
  then: 1,
  thenThrow: 0.15,
  newPromise: 1,
  reject: 0.15,
  sleep: 1,
  all: 1,
  thenable: 0.6,
  iife: 1,
};

const BINARY = ["+", "+", "-", "&", "|", "^", "<", ">=", "===", "!=="];
const ASSIGN = ["=", "+=", "+=", "-=", "|=", "||=", "&&=", "??="];

export function expr(c: Ctx, e = c.opts.exprDepth): Part {
  const r = c.rng;
  if (e <= 0) return leaf(c);
  const k = r.weighted({
    ...EXPR_WEIGHTS,
    await: c.async ? EXPR_WEIGHTS.await : 0,
    assign: c.muts.length ? EXPR_WEIGHTS.assign : 0,
  });
  const sub = () => expr(c, e - 1);
  switch (k) {
    case "leaf":
      return leaf(c);
    case "binary": {
      const a = sub();
      if (r.chance(0.12)) return alt(["(", a, " * " + r.int(2, 3) + ")"], a);
      const b = sub();
      return alt(["(", a, " " + r.pick(BINARY) + " ", b, ")"], a, b);
    }
    case "logical": {
      const [a, b] = [sub(), sub()];
      return alt(["(", a, r.pick([" && ", " || "]), b, ")"], a, b);
    }
    case "nullish": {
      const b = sub();
      const a = r.pick([() => "null", () => "undefined", sub, () => alt(["((", sub(), ") & 1 ? null : ", sub(), ")"], "null")])();
      return alt(["(", a, " ?? ", b, ")"], b);
    }
    case "cond": {
      const [a, b, d] = [sub(), sub(), sub()];
      return alt(["(", a, " ? ", b, " : ", d, ")"], b, d);
    }
    case "call": {
      // plain, spread arguments, optional call, or `new`
      const [a, b, d] = [sub(), sub(), sub()];
      switch (r.int(0, 5)) {
        case 0:
          return alt(["add(...[", a, ", ", b, "], ", d, ")"], a, b, d);
        case 1:
          return alt(["((", d, ") & 1 ? null : add)?.(", a, ", ", b, ", 0)"], a, b);
        case 2:
          return alt(["new Box(", a, ", ", b, ").v"], a, b);
        default:
          return alt(["add(", a, ", ", b, ", ", d, ")"], a, b, d);
      }
    }
    case "member":
      return member(c, e);
    case "template": {
      const [a, b] = [sub(), sub()];
      return r.chance(0.25) ? alt(["tpl`<${", a, "}|${", b, "}>`"], a, b) : alt(["`${", a, "}-${", b, "}`"], a, b);
    }
    case "array": {
      const [a, b] = [sub(), sub()];
      return r.chance(0.3) ? alt(["[...[", a, ", ", b, "], 0]"], a, b) : alt(["[", a, ", ", b, "]"], a, b);
    }
    case "object": {
      const [a, b, key] = [sub(), sub(), sub()];
      return alt(["({ b: ", a, ", [\"k\" + ((", key, ") & 1)]: ", b, " })"], a, b);
    }
    case "assign": {
      const m = r.pick(c.muts);
      if (r.chance(0.2)) return r.pick(["(" + m + "++)", "(--" + m + ")"]);
      const a = sub();
      return alt(["(", m, " " + r.pick(ASSIGN) + " (", a, ") | 0)"], a);
    }
    case "comma": {
      const [a, b] = [sub(), sub()];
      return alt(["(", a, ", ", b, ")"], b);
    }
    case "unary": {
      const a = sub();
      return alt(["(" + r.pick(["-", "!", "~", "typeof ", "void "]), a, ")"], a);
    }
    case "await":
      return awaitExpr(c, e - 1);
  }
}

function leaf(c: Ctx): Part {
  const r = c.rng;
  const k = r.weighted({ lit: 3, str: 0.3, var: c.vars.length ? 3 : 0, tap: 1.5, await: c.async ? 2 : 0, call: c.calls.length ? 0.6 : 0 });
  const value = () => (c.vars.length && r.chance(0.5) ? r.pick(c.vars) : String(r.int(0, 9)));
  switch (k) {
    case "lit":
      return String(r.int(0, 9));
    case "str":
      // no "b", "o" or "x": a digit before them makes "0b1", which ES2015's
      // ToNumber reads as binary and ES5's (MuJS) as NaN (fuzz 20261209:8)
      return JSON.stringify(r.pick(["a", "c", "d"]));
    case "var":
      return r.pick(c.vars);
    case "tap": {
      const v = value();
      return alt(["tap(" + tag(c, "t") + ", ", v, ")"], v);
    }
    case "await": {
      const v = value();
      return alt(["(await ", v, ")"], v);
    }
    case "call":
      // a sync helper in scope, its arguments names or literals
      return alt([callExpr(c, r.pick(c.calls), -1)], "0");
  }
}

/**
 * `(await X)`. The shrinker may replace it by X when X is a plain value, or,
 * when X wraps a value (a call's argument, Promise.resolve(v), sleep(v)…),
 * by `(await v)` or v.
 */
export function awaitExpr(c: Ctx, e: number): Part {
  const { node, plain, inner } = awaitable(c, e);
  if (plain) return alt(["(await ", node, ")"], node, "1");
  return inner ? alt(["(await ", node, ")"], alt(["(await ", inner, ")"]), inner, "1") : alt(["(await ", node, ")"], "1");
}

export interface Awaitable {
  node: Part;
  /** node is a plain value, not a promise */
  plain: boolean;
  /** the value node wraps, if any */
  inner?: Part;
}

export function awaitable(c: Ctx, e: number): Awaitable {
  const r = c.rng;
  const sync = () => expr({ ...c, async: false }, Math.min(e, 1));
  const wrap = (before: string, after: string, v = expr(c, e)): Awaitable => ({ node: alt([before, v, after]), plain: false, inner: v });
  const k = r.weighted({ ...AWAIT_WEIGHTS, call: c.funcs.length ? AWAIT_WEIGHTS.call : 0 });
  switch (k) {
    case "call":
      return wrap(r.pick(c.funcs) + "(d - 1, ", ")");
    case "value":
      return { node: expr(c, e), plain: true };
    case "resolve":
      return wrap("Promise.resolve(", ")");
    case "then":
      return wrap("Promise.resolve(", ").then((v) => tap(" + tag(c, "th") + ", v))");
    case "thenThrow":
      return { node: alt(["Promise.resolve(", expr(c, e), ").then(() => { throw ", thrown(c), "; })"]), plain: false };
    case "newPromise":
      return wrap("new Promise((res) => { log(" + tag(c, "np") + "); res(", "); })", sync());
    case "reject":
      return { node: alt(["Promise.reject(", thrown(c), ")"]), plain: false };
    case "sleep":
      return wrap("sleep(", ")");
    case "all":
      return { node: alt(["Promise.all([", promiseElements(c), "])"]), plain: false };
    case "thenable":
      return wrap("({ then: (res) => { log(" + tag(c, "tn") + "); res(", "); } })", sync());
    case "iife":
      return wrap("(async () => { log(" + tag(c, "ai") + "); await null; return ", "; })()");
  }
}

/** elements for Promise.all/race: started together, arguments without await (nothing is left unhandled) */
export function promiseElements(c: Ctx): Part {
  const r = c.rng;
  const sync = { ...c, async: false };
  const n = r.int(2, 3);
  const parts: Part[] = [];
  for (let i = 0; i < n; i++) {
    if (i) parts.push(", ");
    const k = r.weighted({ call: c.funcs.length ? 3 : 0, sleep: 1, resolve: 1, lit: 1 });
    const arg = () => expr(sync, 1);
    if (k === "call") parts.push(alt([r.pick(c.funcs) + "(d - 1, ", arg(), ")"], "0"));
    else if (k === "sleep") parts.push(alt(["sleep(", arg(), ")"], "0"));
    else if (k === "resolve") parts.push(alt(["Promise.resolve(", arg(), ")"], "0"));
    else parts.push(String(r.int(0, 9)));
  }
  return alt(parts);
}

function member(c: Ctx, e: number): Part {
  const r = c.rng;
  const sub = () => expr(c, e - 1);
  const [a, b, key] = [sub(), sub(), sub()];
  switch (r.int(0, 4)) {
    case 0:
      return alt(["[", a, ", ", b, "][(", key, ") & 1]"], a, b);
    case 1:
      return alt(["({ a: ", a, ", b: ", b, " })[(", key, ") & 1 ? \"a\" : \"b\"]"], a, b);
    case 2:
      return alt(["({ v: ", a, " }).v"], a);
    case 3:
      return alt(["((", key, ") & 1 ? null : { v: ", a, " })?.v"], a);
    default:
      return alt(["({ k: ", a, ", m(y) { return this.k + y; } }).m(", b, ")"], a, b);
  }
}

/** a thrown value: Errors and also strings, numbers, objects and arrays */
export function thrown(c: Ctx): Part {
  const r = c.rng;
  const id = fresh(c, "e");
  switch (r.int(0, 4)) {
    case 0:
      return `new Error(${JSON.stringify(id)})`;
    case 1:
      return JSON.stringify(id);
    case 2:
      return String(r.int(10, 99));
    case 3:
      return `({ code: ${r.int(10, 99)}, id: ${JSON.stringify(id)} })`;
    default:
      return `[${r.int(10, 99)}, ${JSON.stringify(id)}]`;
  }
}
