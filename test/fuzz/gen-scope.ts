/**
 * Names reused across nesting levels (issue #8): a compiler that renames by
 * name instead of by binding (an inner arrow's parameter `n` rewritten as
 * the loop's per-iteration `n`) only shows when inner and outer bindings
 * share names. Every binding form draws now and then from the small pool
 * context.NAMES: parameters (plain, defaulted, destructured) of sync
 * helpers and async arrows, function declarations and named function
 * expressions, classes, catch parameters, block let/const, loop heads; and
 * `shadow` writes a block that redeclares a visible name around awaits,
 * with closures over it called later or scheduled.
 *
 * Sync helpers are values the program never prints or computes with (their
 * source text is the compiler's): they are only called. Their bodies are
 * statements without await.
 */
import { bind, bindCallable, fresh, headName, inner, nameFor, NAMES, newScope, tag, without, type Callable, type Ctx, type ParamShape } from "./context";
import { awaitable, expr, thrown } from "./gen-expr";
import { nestedCount, stmts, stmtsAnd } from "./gen-stmt";
import { alt, block, seq, type Part } from "./tree";

export interface Params {
  /** the text between the parentheses */
  parts: Part[];
  names: string[];
  shapes: ParamShape[];
}

/** `count` parameters, most named from the pool; defaults read none of them (no TDZ) */
export function paramList(c: Ctx, count: number): Params {
  const r = c.rng;
  const names: string[] = [];
  const name = () => {
    const n = headName(c, 0.75, names) || fresh(c, "p");
    names.push(n);
    return n;
  };
  const plan: [ParamShape, string[]][] = [];
  for (let i = 0; i < count; i++) {
    const shape = r.weighted<ParamShape>({ plain: 4, default: 2, object: 1.5, array: 1 });
    plan.push([shape, shape === "array" ? [name(), name()] : [name()]]);
  }
  const dc = without({ ...c, async: false }, names);
  const dflt = () => expr(dc, 1);
  const parts: Part[] = [];
  plan.forEach(([shape, [a, b]], i) => {
    if (i) parts.push(", ");
    if (shape === "plain") parts.push(a);
    else if (shape === "default") parts.push(seq(a + " = ", dflt()));
    else if (shape === "object") parts.push(r.chance(0.6) ? seq("{ a: " + a + " = ", dflt(), " }") : "{ a: " + a + " }");
    else parts.push(seq("[" + a + ", " + b + " = ", dflt(), "]"));
  });
  return { parts, names, shapes: plan.map(([s]) => s) };
}

/**
 * Arguments fitting the shapes. e < 0: only names and literals (an
 * expression's leaf calling a helper must not nest calls without bound).
 */
export function args(c: Ctx, shapes: ParamShape[], e: number): Part {
  const r = c.rng;
  const v = (): Part => (e >= 0 ? expr(c, e) : c.vars.length && r.chance(0.5) ? r.pick(c.vars) : String(r.int(0, 9)));
  const parts: Part[] = [];
  shapes.forEach((shape, i) => {
    if (i) parts.push(", ");
    if (shape === "plain") parts.push(v());
    else if (shape === "default") parts.push(r.chance(0.4) ? "undefined" : v());
    else if (shape === "object") parts.push(r.chance(0.8) ? seq("{ a: ", v(), " }") : "{}");
    else parts.push(r.chance(0.5) ? seq("[", v(), "]") : seq("[", v(), ", ", v(), "]"));
  });
  return seq(...parts);
}

/** a call of a helper in scope: `f(args)` or `new C(args).m(args)` */
export function callExpr(c: Ctx, f: Callable, e: number): Part {
  if (f.method) return seq("new " + f.name + "(", args(c, f.params, e), ").m(", args(c, f.method, e), ")");
  return seq(f.name + "(", args(c, f.params, e), ")");
}

export function callStmt(c: Ctx): Part[] {
  return [seq("log(" + tag(c, "call") + ", ", callExpr(c, c.rng.pick(c.calls), 1), ");")];
}

/** a function with its own this and arguments (not an arrow): its parameters' defaults and body see neither the outer ones */
function ownThis(c: Ctx): Ctx {
  const own = (v: string) => !/^(this|arguments)\b/.test(v);
  return { ...c, vars: c.vars.filter(own), muts: c.muts.filter(own) };
}

/** the context of a sync function's body */
function syncBody(c: Ctx, params: string[]): Ctx {
  const b = inner(c, { async: false, nest: c.nest + 1, labels: [], breakable: false, continuable: false, returnable: true, inTry: false });
  for (const p of params) bind(b, p, true);
  return b;
}

/** `{ log(tag, params); statements; return e; }` */
function syncBlock(c: Ctx, b: Ctx, params: string[], first: Part[] = []): Part {
  const items: Part[] = [seq("log(" + tag(c, "fn") + (params.length ? ", " + params.join(", ") : "") + ");"), ...first];
  const [, end] = stmtsAnd(b, c.rng.int(0, Math.max(0, nestedCount(c) - 1)), newScope(params, items, { fnBody: true }));
  items.push(seq("return ", expr(end, 2), ";"));
  return block(items);
}

/**
 * A sync helper declared here: an arrow, a function declaration (a pool
 * name only at the top of a function body), a named function expression
 * (its name often reusing an outer one) or a class; called at once now and
 * then, and callable by the statements after it.
 */
export function helper(c: Ctx): Part[] {
  const r = c.rng;
  const kind = r.weighted({ arrow: 3, declaration: c.scope.noShadow ? 0 : 2, named: 1.5, cls: 1.5 });
  let f: Callable;
  let node: Part;
  if (kind === "cls") {
    const name = nameFor(c, "C", 0.6);
    const base = ownThis(without(c, [name]));
    const k = headName(base, 0.7) || fresh(c, "p");
    const ps = paramList(base, r.int(0, 2));
    const b = syncBody(base, ps.names);
    b.vars.push("this.v");
    b.muts.push("this.v");
    const m = syncBlock(c, b, ps.names);
    node = seq("class " + name + " { constructor(" + k + ") { this.v = " + k + "; } m(", ...ps.parts, ") ", m, " }");
    f = { name, params: ["plain"], method: ps.shapes };
  } else {
    const name = kind === "declaration" ? (c.scope.fnBody ? nameFor(c, "fn", 0.6) : fresh(c, "fn")) : nameFor(c, "fn", 0.5);
    // a named function expression's own name, seen only inside it (its parameters' defaults included)
    const own = kind === "named" ? headName(c, 0.8, [name]) || fresh(c, "fe") : "";
    const base = kind === "arrow" ? without(c, [name]) : ownThis(without(c, [name, own]));
    const ps = paramList(base, r.int(0, 2));
    if (kind === "arrow") {
      const b = syncBody(base, ps.names);
      const body = r.chance(0.5) ? seq("(", expr(b, 2), ")") : syncBlock(c, b, ps.names);
      node = seq("const " + name + " = (", ...ps.parts, ") => ", body, ";");
    } else if (kind === "declaration") {
      node = seq("function " + name + "(", ...ps.parts, ") ", syncBlock(c, syncBody(base, ps.names), ps.names));
    } else {
      const b = syncBody(base, ps.names);
      const body = syncBlock(c, b, ps.names, [seq("log(" + tag(c, "fe") + ", typeof " + own + ");")]);
      node = seq("const " + name + " = function " + own + "(", ...ps.parts, ") ", body, ";");
    }
    f = { name, params: ps.shapes };
  }
  c.scope.declared.add(f.name);
  bindCallable(c, f);
  const out: Part[] = [node];
  if (r.chance(0.6)) out.push(...callStmt({ ...c, calls: [f] }));
  return out;
}

/**
 * A block that redeclares a name the code around sees (or any pool name):
 * a let/const or a catch parameter, before or after an await, inside a
 * plain block, an if, a loop or a catch clause; a closure over it is
 * created at once and called after awaits, or scheduled by a timer; the
 * name is updated after an await and printed, then random statements.
 */
export function shadow(c: Ctx): Part[] {
  const r = c.rng;
  const visible = NAMES.filter((n) => c.vars.includes(n) || c.calls.some((f) => f.name === n));
  const name = visible.length && r.chance(0.8) ? r.pick(visible) : r.pick(NAMES);
  const b = inner(c, { nest: c.nest + 1 });
  const kind = r.weighted({ let: 3, const: 1.5, catch: c.async ? 1.5 : 0.5 });
  const container = kind === "catch" ? "catch" : r.weighted({ block: 2, if: 1, loop: c.async ? 2 : 1 });
  let counter: string | null = null;
  if (container === "loop") {
    // the loop's own binding, fresh or another pool name: the block's binding is per iteration
    counter = headName(c, 0.5, [name]) || fresh(c, "i");
    bind(b, counter, false);
  }
  const scope = newScope(kind === "catch" ? [name] : []);
  const items = scope.items;
  const ahead = without(b, [name]);
  const pause = (cc: Ctx) => seq("await ", awaitable(cc, 1).node, ";");
  if (kind !== "catch") {
    if (c.async && r.chance(0.5)) items.push(pause(ahead));
    items.push(seq(kind + " " + name + " = ", expr(ahead, 1), ";"));
  }
  scope.declared.add(name);
  bind(b, name, kind !== "const");
  b.scope = scope;
  // a closure over the name (with a parameter of a pool name, maybe the same)
  const t = tag(c, "sh");
  const p = headName(b, 0.6) || fresh(c, "p");
  const reads = p === name ? p : name + ", " + p;
  const clo = r.weighted({ later: 2, timer: c.async ? 1 : 0, none: 1 });
  const f = fresh(c, "sf");
  if (clo === "later") items.push(seq("const " + f + " = (" + p + ") => log(" + t + ", " + reads + ");"));
  if (clo === "timer") items.push(seq("after(() => log(" + t + ", " + name + "));"));
  if (c.async && r.chance(0.7)) items.push(pause(b));
  if (kind === "let" && r.chance(0.6)) items.push(seq(name + " += (", c.async ? seq("await ", awaitable(b, 1).node) : expr(b, 1), ") | 0;"));
  items.push(seq("log(" + tag(c, "sh") + ", " + name + ");"));
  if (clo === "later") items.push(seq(f + "(", expr(b, 1), ");"));
  stmts(b, nestedCount(c), scope);
  const body = block(items);
  switch (container) {
    case "catch": {
      const thrownPart = c.async && r.chance(0.5) ? seq("await ", awaitable(c, 1).node, "; throw ", thrown(c), ";") : seq("throw ", thrown(c), ";");
      return [seq("try { log(" + tag(c, "st") + "); ", thrownPart, " } catch (" + name + ") ", body)];
    }
    case "if":
      return [alt(["if (", expr(c), ") ", body], body)];
    case "loop": {
      const n = r.int(1, 3);
      return [seq("for (let " + counter + " = 0; " + counter + " < " + n + "; " + counter + "++) ", body)];
    }
    default:
      return [body];
  }
}
