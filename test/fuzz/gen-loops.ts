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
 * captured binding after an await, and call the closures after the loop.
 */
import { fresh, inner, tag, type Ctx } from "./context";
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
  b.vars.push(...h.bound);
  const items: Part[] = [seq("log(" + tag(c, "it") + (h.bound.length ? ", " + h.bound.join(", ") : "") + ");")];
  const before: Part[] = [];
  const after: Part[] = [];
  if (c.async && r.chance(0.3)) {
    const clos = fresh(c, "clos");
    const cv = fresh(c, "cv");
    const captured = [...h.bound, cv].join(", ");
    const isAsync = r.chance(0.35);
    before.push(seq("const " + clos + " = [];"));
    items.push(seq("let " + cv + " = ", expr(b, 1), ";"));
    items.push(
      isAsync
        ? seq(clos + ".push(async () => { await null; log(" + tag(c, "clo") + ", " + captured + "); });")
        : seq(clos + ".push(() => log(" + tag(c, "clo") + ", " + captured + "));"),
    );
    items.push(seq(cv + " += (", awaitExpr(b, 1), ") | 0;"));
    b.vars.push(cv);
    b.muts.push(cv);
    after.push(isAsync ? seq("await Promise.all(" + clos + ".map((fn) => fn()));") : seq("for (const fn of " + clos + ") fn();"));
  }
  items.push(...stmts(b, nestedCount(c)));
  return { before, body: block(items), after };
}

export function forLoop(c: Ctx): Part[] {
  const r = c.rng;
  const h = head(c);
  const i = fresh(c, "i");
  h.bound.push(i);
  const init = c.async && r.chance(0.2) ? alt(["(", expr(c, 2), ") & 0"], "0") : "0";
  const update = r.chance(0.2) ? alt([", ", expr(c, 2)], "") : "";
  const test = extraTest(c);
  const b = body(c, h);
  const loop = seq(labelText(h), "for (let " + i + " = ", init, "; " + i + " < " + r.int(0, 3), test, "; " + i + "++", update, ") ", b.body);
  return [...b.before, loop, ...b.after];
}

export function forInLoop(c: Ctx): Part[] {
  const h = head(c);
  const k = fresh(c, "k");
  h.bound.push(k);
  const e = () => expr(c, 2);
  const object = c.rng.chance(0.7) ? seq("{ a: ", e(), ", b: ", e(), ", c: 0 }") : seq("[", e(), ", ", e(), "]");
  const b = body(c, h);
  return [...b.before, seq(labelText(h), "for (const " + k + " in ", object, ") ", b.body), ...b.after];
}

export function forOfLoop(c: Ctx): Part[] {
  const r = c.rng;
  const h = head(c);
  const [x, y] = [fresh(c, "x"), fresh(c, "y")];
  const e = () => expr(c, 2);
  let loop: (b: Part) => Part;
  switch (r.int(0, 3)) {
    case 0:
    case 1: {
      // a fresh const, or now and then an assignable name declared outside
      const target = c.muts.length && r.chance(0.2) ? r.pick(c.muts) : null;
      if (!target) h.bound.push(x);
      const items: Part[] = [];
      // (assigned to an outer name, values stay small, as every assignment's: `| 0`)
      for (let n = r.int(0, 3); n > 0; n--) items.push(...(items.length ? [", "] : []), target ? seq("(", e(), ") | 0") : e());
      loop = (b) => seq(labelText(h), "for (" + (target || "const " + x) + " of [", ...items, "]) ", b);
      break;
    }
    case 2: {
      h.bound.push(x, y);
      const dflt = e();
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

export function whileLoop(c: Ctx): Part[] {
  const h = head(c);
  const w = fresh(c, "w");
  h.bound.push(w);
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
  const w = fresh(c, "w");
  h.bound.push(w);
  const n = c.rng.int(0, 3);
  const test = extraTest(c);
  const b = body(c, h);
  return [seq("let " + w + " = 0;"), ...b.before, seq(labelText(h), "do ", b.body, " while (++" + w + " < " + n, test, ");"), ...b.after];
}
