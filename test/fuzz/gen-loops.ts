/**
 * Every loop kind, labelled or not, with break/continue inside (gen-stmt's
 * jumps) and iteration counts of 0 to 3. Termination does not depend on
 * anything the shrinker may cut: the counter's test and update are fixed
 * text (only an extra `&& cond` or `, expr` is removable) and no statement
 * assigns a loop counter.
 *
 * (No for-of over "": Babel's ES5 iteration helper rejects an empty string
 * where strings have no Symbol.iterator, as in duk and mujs.)
 *
 * Some loops push closures capturing the iteration's bindings, mutate a
 * captured binding after an await, and call the closures after the loop
 * (some take a parameter named like a binding they could capture), or
 * schedule them on a timer.
 *
 * Loop bindings often take a pool name (context.NAMES), shadowing an outer
 * binding: what the head evaluates before the binding exists (an
 * initializer, the iterated object) reads none of the loop's names, as it
 * would be in their temporal dead zone, and tests and updates see the
 * loop's bindings as read-only.
 */
import { bind, fresh, headName, inner, NAMES, newScope, poolName, tag, without, type Ctx } from "./context";
import { awaitExpr, expr } from "./gen-expr";
import { nestedCount, stmts } from "./gen-stmt";
import { alt, block, keep, seq, type List, type Part, type Seq } from "./tree";

interface Head {
  /** names the body may read */
  bound: string[];
  label: string | null;
}

function head(c: Ctx): Head {
  return { bound: [], label: c.rng.chance(0.45) ? fresh(c, "L") : null };
}

/** the label, which the shrinker may drop (if no jump needs it, the program still parses) */
function labelText(h: Head): Part {
  return h.label ? alt([h.label + ": "], "") : "";
}

/** `&& cond` in a loop test, removable */
function extraTest(c: Ctx): Part {
  return c.rng.chance(0.3) ? alt([" && ", expr(c, 2)], "") : "";
}

/**
 * The body and what goes around the loop: before (closure array) and after
 * (calling the closures).
 */
function body(c: Ctx, h: Head): { before: Part[]; body: Part; after: Part[] } {
  const r = c.rng;
  const b = inner(c, {
    nest: c.nest + 1,
    breakable: true,
    continuable: true,
    labels: h.label ? [...c.labels, { name: h.label, loop: true }] : c.labels,
  });
  for (const n of h.bound) bind(b, n, false);
  const items: Part[] = [seq("log(" + tag(c, "it") + (h.bound.length ? ", " + h.bound.join(", ") : "") + ");")];
  b.scope = newScope([], items);
  const before: Part[] = [];
  const after: Part[] = [];
  if (r.chance(c.async ? 0.4 : 0.15)) {
    const clos = fresh(c, "clos");
    // per iteration, often a pool name (not one the body has read: the log above reads the head's)
    const cv = poolName(b, 0.6) || fresh(c, "cv");
    const names = [...h.bound, cv];
    const t = tag(c, "clo");
    b.scope.declared.add(cv);
    items.push(seq("let " + cv + " = ", expr(without(b, [cv]), 1), ";"));
    bind(b, cv, true);
    const kind = r.weighted({ sync: 3, async: c.async ? 1.5 : 0, param: 2, named: 1, timer: 1.5 });
    const arg = String(r.int(10, 19));
    if (kind === "timer") {
      // scheduled: runs after the loop, with the iteration's values at its end
      items.push(seq("after(() => log(" + t + ", " + names.join(", ") + "));"));
    } else {
      before.push(seq("const " + clos + " = [];"));
      let fn: string;
      if (kind === "async") fn = "async () => { await null; log(" + t + ", " + names.join(", ") + "); }";
      else if (kind === "param") {
        // its parameter named like a binding of the iteration (or another pool name)
        const p = headName(b, 0.9) || fresh(c, "p");
        fn = "(" + p + ") => log(" + t + ", " + [p, ...names.filter((n) => n !== p)].join(", ") + ")";
      } else if (kind === "named") {
        const own = headName(b, 0.9, names) || fresh(c, "fe");
        fn = "function " + own + "() { log(" + t + ", typeof " + own + ", " + names.join(", ") + "); }";
      } else fn = "() => log(" + t + ", " + names.join(", ") + ")";
      items.push(seq(clos + ".push(" + fn + ");"));
      const call = kind === "async" ? seq("await Promise.all(" + clos + ".map((fn) => fn(" + arg + ")));") : seq("for (const fn of " + clos + ") fn(" + arg + ");");
      // called right after the loop, or after an await
      if (c.async && r.chance(0.4)) after.push(seq("await ", r.pick(["null", "sleep(0)", "Promise.resolve()"]), ";"));
      after.push(call);
    }
    items.push(seq(cv + " += (", c.async ? awaitExpr(b, 1) : expr(b, 1), ") | 0;"));
  }
  stmts(b, nestedCount(c), b.scope);
  return { before, body: block(items), after };
}

export function forLoop(c: Ctx): Part[] {
  const r = c.rng;
  const h = head(c);
  const i = headName(c, 0.5) || fresh(c, "i");
  h.bound.push(i);
  const init = c.async && r.chance(0.2) ? alt(["(", expr(without(c, [i]), 2), ") & 0"], "0") : "0";
  const hc = headCtx(c, h);
  const update = r.chance(0.2) ? alt([", ", expr(hc, 2)], "") : "";
  const test = extraTest(hc);
  const b = body(c, h);
  const loop = seq(labelText(h), "for (let " + i + " = ", init, "; " + i + " < " + r.int(0, 3), test, "; " + i + "++", update, ") ", b.body);
  return [...b.before, loop, ...b.after];
}

export function forInLoop(c: Ctx): Part[] {
  const h = head(c);
  const k = headName(c, 0.5) || fresh(c, "k");
  h.bound.push(k);
  const ec = without(c, [k]);
  const e = () => expr(ec, 2);
  const object = c.rng.chance(0.7) ? seq("{ a: ", e(), ", b: ", e(), ", c: 0 }") : seq("[", e(), ", ", e(), "]");
  const b = body(c, h);
  return [...b.before, seq(labelText(h), "for (const " + k + " in ", object, ") ", b.body), ...b.after];
}

export function forOfLoop(c: Ctx): Part[] {
  const r = c.rng;
  const h = head(c);
  const x = headName(c, 0.5) || fresh(c, "x");
  const y = headName(c, 0.4, [x]) || fresh(c, "y");
  const ec = without(c, [x, y]);
  const e = () => expr(ec, 2);
  let loop: (b: Part) => Part;
  switch (r.int(0, 3)) {
    case 0:
    case 1: {
      // a fresh const, or now and then an assignable name declared outside
      const target = ec.muts.length && r.chance(0.2) ? r.pick(ec.muts) : null;
      if (!target) h.bound.push(x);
      const items: Part[] = [];
      // (assigned to an outer name, values stay small, as every assignment's: `| 0`)
      for (let n = r.int(0, 3); n > 0; n--) items.push(...(items.length ? [", "] : []), target ? seq("(", e(), ") | 0") : e());
      loop = (b) => seq(labelText(h), "for (" + (target || "const " + x) + " of [", ...items, "]) ", b);
      break;
    }
    case 2: {
      h.bound.push(x, y);
      // the default reads no pooled name: one the body redeclares with let
      // would be renamed to the body's by preset-env's ES5 block scoping (a
      // Babel bug, fuzz 20261210:341; fixture fuzz-found/20261210-341 keeps
      // the shape on Node)
      const dflt = expr(without(ec, NAMES), 2);
      const pairs = seq("[[", e(), "], [", e(), ", ", e(), "]]");
      loop = (b) => seq(labelText(h), "for (const [" + x + ", " + y + " = ", dflt, "] of ", pairs, ") ", b);
      break;
    }
    default:
      h.bound.push(x);
      loop = (b) => seq(labelText(h), "for (let " + x + " of " + JSON.stringify(r.pick(["ab", "xyz"])) + ") ", b);
  }
  const b = body(c, h);
  return [...b.before, loop(b.body), ...b.after];
}

/** the loop's bindings read-only, as its test and update see them */
function headCtx(c: Ctx, h: Head): Ctx {
  const hc = inner(c);
  for (const n of h.bound) bind(hc, n, false);
  return hc;
}

/** a counter declared before the loop, in the enclosing block: read-only there from now on */
function counter(c: Ctx, h: Head): string {
  const w = poolName(c, 0.4) || fresh(c, "w");
  c.scope.declared.add(w);
  bind(c, w, false);
  h.bound.push(w);
  return w;
}

export function whileLoop(c: Ctx): Part[] {
  const h = head(c);
  const w = counter(c, h);
  const n = c.rng.int(0, 3);
  if (c.rng.chance(0.25)) {
    // for (;;) / while (true), left by a break the shrinker cannot remove
    const b = body(c, h);
    ((b.body as Seq).parts[1] as List).items.unshift(keep("if (" + w + "++ >= " + n + ") break;"));
    const loop = c.rng.chance(0.5) ? "for (;;) " : "while (true) ";
    return [seq("let " + w + " = 0;"), ...b.before, seq(labelText(h), loop, b.body), ...b.after];
  }
  const test = extraTest(c);
  const b = body(c, h);
  return [seq("let " + w + " = 0;"), ...b.before, seq(labelText(h), "while (" + w + "++ < " + n, test, ") ", b.body), ...b.after];
}

export function doWhileLoop(c: Ctx): Part[] {
  const h = head(c);
  const w = counter(c, h);
  const n = c.rng.int(0, 3);
  const test = extraTest(c);
  const b = body(c, h);
  return [seq("let " + w + " = 0;"), ...b.before, seq(labelText(h), "do ", b.body, " while (++" + w + " < " + n, test, ");"), ...b.after];
}
