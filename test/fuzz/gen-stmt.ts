/**
 * Statements of an async function body. Each construct prints on entry (a
 * trace tag unique in the program), so a divergence shows where it starts.
 * Jumps, throws and returns are usually guarded by a random condition, and
 * more likely inside try/catch/finally, where they matter most.
 */
import { bind, unbind, fresh, headName, inner, nameFor, newScope, tag, without, type Ctx, type Scope } from "./context";
import { awaitable, awaitExpr, expr, promiseElements, thrown } from "./gen-expr";
import { doWhileLoop, forInLoop, forLoop, forOfLoop, whileLoop } from "./gen-loops";
import { callStmt, helper, paramList, args, shadow } from "./gen-scope";
import { alt, block, list, seq, type Part } from "./tree";

export const STMT_WEIGHTS = {
  log: 5,
  decl: 3,
  assign: 2.5,
  destructure: 1.5,
  awaitStmt: 1,
  if: 2.5,
  for: 1.2,
  forIn: 0.5,
  forOf: 1,
  while: 0.8,
  doWhile: 0.6,
  switch: 1.2,
  try: 2.5,
  labelBlock: 0.4,
  spawn: 1.2,
  localAsync: 0.6,
  chain: 0.5,
  throw: 0.25,
  return: 0.4,
  jump: 1.2,
  helper: 1.2,
  call: 0.8,
  shadow: 1,
};

const COMPOUND = ["if", "for", "forIn", "forOf", "while", "doWhile", "switch", "try", "labelBlock", "localAsync", "helper", "shadow"] as const;

/**
 * The statements of one block: its declarations stay inside. `scope` is the
 * block's (a function's or catch clause's parameters declared, statements
 * already written in it); the new statements are appended to its items too.
 */
export function stmts(c: Ctx, n: number, scope: Scope = newScope()): Part[] {
  return stmtsAnd(c, n, scope)[0];
}

/** stmts, and the context at the block's end (for what follows them in the same block: a return's value) */
export function stmtsAnd(c: Ctx, n: number, scope: Scope = newScope()): [Part[], Ctx] {
  const b = inner(c, { scope });
  const from = scope.items.length;
  for (let i = 0; i < n; i++) scope.items.push(...stmt(b));
  return [scope.items.slice(from), b];
}

/** a nested block's statement count */
export function nestedCount(c: Ctx): number {
  return c.rng.int(1, Math.max(1, c.opts.stmts[1] - 2 - c.nest));
}

/** one statement, or a few that belong together (declared by the first, used by the next) */
export function stmt(c: Ctx): Part[] {
  const r = c.rng;
  const w: Record<string, number> = { ...STMT_WEIGHTS };
  if (c.nest >= c.opts.nest) for (const k of COMPOUND) w[k] = 0;
  if (c.inTry) (w.throw = 1.5), (w.return = 1), (w.jump = 2);
  if (!c.returnable) w.return = 0;
  if (!jumpTargets(c).length) w.jump = 0;
  if (c.muts.length < 1) w.assign = 0;
  if (!c.calls.length) w.call = 0;
  // the body of a sync function
  if (!c.async) w.awaitStmt = w.spawn = w.localAsync = 0;
  const k = r.weighted(w);
  const sub = inner(c, { nest: c.nest + 1 });
  switch (k) {
    case "log":
      return [seq("log(" + tag(c, "s") + ", ", expr(c), ");")];
    case "decl":
      return [declaration(c)];
    case "assign":
      return assignment(c);
    case "destructure":
      return destructure(c);
    case "awaitStmt":
      return [seq("await ", awaitable(c, c.opts.exprDepth - 1).node, ";")];
    case "if": {
      const then = block([seq("log(" + tag(c, "if") + ");"), ...stmts(sub, nestedCount(c))]);
      if (r.chance(0.4)) return [alt(["if (", expr(c), ") ", then], then)];
      const other = block([seq("log(" + tag(c, "else") + ");"), ...stmts(sub, nestedCount(c))]);
      return [alt(["if (", expr(c), ") ", then, " else ", other], then, other)];
    }
    case "for":
      return forLoop(c);
    case "forIn":
      return forInLoop(c);
    case "forOf":
      return forOfLoop(c);
    case "while":
      return whileLoop(c);
    case "doWhile":
      return doWhileLoop(c);
    case "switch":
      return [switchStmt(c)];
    case "try":
      return [tryStmt(c)];
    case "labelBlock": {
      const name = fresh(c, "B");
      const b = inner(sub, { labels: [...c.labels, { name, loop: false }] });
      return [seq(name + ": ", block([seq("log(" + tag(c, "blk") + ");"), ...stmts(b, nestedCount(c))]))];
    }
    case "spawn":
      return spawn(c);
    case "localAsync": {
      // an async arrow declared here, capturing the block's bindings, called at once and later;
      // its parameters (plain, defaulted, destructured) often reuse outer names
      const h = nameFor(c, "h", 0.3);
      // inside, h is the function (never read or assigned as a value)
      const base = without(c, [h]);
      const ps = paramList(base, r.int(1, 2));
      const b = inner(base, { nest: c.nest + 1, labels: [], breakable: false, continuable: false, returnable: true, inTry: false });
      for (const p of ps.names) bind(b, p, true);
      const first = seq("log(" + tag(c, "h") + ", " + ps.names.join(", ") + ");");
      const [inside, end] = stmtsAnd(b, nestedCount(c), newScope(ps.names, [first], { fnBody: true }));
      const body = [first, ...inside, seq("return ", expr(end, 1), ";")];
      const out: Part[] = [seq("const " + h + " = async (", ...ps.parts, ") => ", block(body), ";")];
      c.scope.declared.add(h);
      unbind(c, h); // a function: called, never read as a value
      out.push(seq("log(" + tag(c, "hr") + ", await " + h + "(", args(c, ps.shapes, 1), "));"));
      if (r.chance(0.3)) out.push(seq("log(" + tag(c, "hr") + ", await " + h + "(", args(c, ps.shapes, 1), "));"));
      return out;
    }
    case "helper":
      return helper(c);
    case "call":
      return callStmt(c);
    case "shadow":
      return shadow(c);
    case "chain":
      return [seq("Promise.resolve(", expr({ ...c, async: false }, 1), ").then((v) => log(" + tag(c, "ch") + ", v)).then(() => log(" + tag(c, "ch") + "));")];
    case "throw":
      return [guarded(c, "throw ", r.chance(0.15) && c.async ? awaitExpr(c, 1) : thrown(c))];
    case "return":
      return [guarded(c, "return ", expr(c, 2))];
    default:
      return [guarded(c, r.pick(jumpTargets(c)))];
  }
}

/** `if (cond) { log(tag); <exit> }`, or now and then the bare exit */
function guarded(c: Ctx, exit: string, value?: Part): Part {
  const end: Part[] = value === undefined ? [exit + ";"] : [exit, value, ";"];
  const body = [seq("log(" + tag(c, "x") + ");"), seq(...end)];
  if (c.rng.chance(0.15)) return seq(body[0], " ", body[1]);
  return alt(["if (", expr(c, 2), ") ", block(body)], body[1]);
}

function jumpTargets(c: Ctx): string[] {
  const out: string[] = [];
  if (c.breakable) out.push("break");
  if (c.continuable) out.push("continue");
  for (const l of c.labels) {
    out.push("break " + l.name);
    if (l.loop) out.push("continue " + l.name);
  }
  return out;
}

function declaration(c: Ctx): Part {
  const kind = c.rng.pick(["let", "let", "const", "var"]);
  // a var stays fresh: it belongs to the whole function
  const v = kind === "var" ? fresh(c, "v") : nameFor(c, "v", 0.4);
  const node = seq(kind + " " + v + " = ", expr(without(c, [v])), ";");
  c.scope.declared.add(v);
  bind(c, v, kind !== "const");
  return node;
}

function assignment(c: Ctx): Part[] {
  const r = c.rng;
  const m = r.pick(c.muts);
  if (c.muts.length >= 2 && r.chance(0.2)) {
    const m2 = r.pick(c.muts.filter((x) => x !== m));
    return [seq("[", m, ", ", m2, " = (", expr(c, 2), ") | 0] = [...[(", expr(c, 2), ") | 0]];"), seq("log(" + tag(c, "a") + ", " + m + ", " + m2 + ");")];
  }
  const op = r.pick(["=", "+=", "+=", "-=", "|=", "||=", "&&=", "??="]);
  return [seq(m + " " + op + " (", expr(c), ") | 0;"), seq("log(" + tag(c, "a") + ", " + m + ");")];
}

/**
 * Patterns with awaits in defaults and computed keys. An array pattern's
 * right side is spread (`[...[a, b]]`): for a plain array literal, preset-env
 * evaluates the defaults between the elements (a Babel bug the ES5 engines
 * would show, not coloop's).
 */
function destructure(c: Ctx): Part[] {
  const r = c.rng;
  const v1 = nameFor(c, "v", 0.3);
  const v2 = nameFor(c, "v", 0.3, [v1]);
  const ce = without(c, [v1, v2]);
  const e = () => expr(ce, 2);
  const t = tag(c, "ds");
  let decl: Part;
  let shown = v1 + ", " + v2;
  switch (r.int(0, 5)) {
    case 0:
      decl = seq("const { a: " + v1 + " = ", e(), ", b: " + v2 + " } = { b: ", e(), " };");
      break;
    case 1:
      decl = seq("const [" + v1 + " = ", e(), ", " + v2 + "] = [...[", r.pick(["undefined", "void 0", "1"]), ", ", e(), "]];");
      break;
    case 2:
      decl = seq("const { p: [" + v1 + " = ", e(), "] = [], q: " + v2 + " = ", e(), " } = {};");
      break;
    case 3:
      decl = seq("const { [\"k\" + ((", e(), ") & 1)]: " + v1 + " = ", e(), ", k1: " + v2 + " } = { k0: ", e(), " };");
      break;
    case 4:
      decl = seq("const { a: " + v1 + ", ..." + v2 + " } = { a: ", e(), ", b: ", e(), ", c: ", e(), " };");
      shown = v1 + ", " + v2;
      break;
    default: {
      const m = r.pick(ce.muts.length ? ce.muts : ["g"]);
      decl = seq("let " + v2 + " = 0; ({ a: " + m + " = (", e(), ") | 0, b: " + v2 + " = ", e(), " } = { a: ", r.pick(["undefined", "7"]), " });");
      shown = m + ", " + v2;
      c.scope.declared.add(v2);
      bind(c, v2, false);
      return [decl, seq("log(" + t + ", " + shown + ");")];
    }
  }
  c.scope.declared.add(v1).add(v2);
  bind(c, v1, false);
  bind(c, v2, false);
  return [decl, seq("log(" + t + ", " + shown + ");")];
}

function switchStmt(c: Ctx): Part {
  const r = c.rng;
  const label = r.chance(0.2) ? fresh(c, "S") : null;
  const b = inner(c, { nest: c.nest + 1, breakable: true, labels: label ? [...c.labels, { name: label, loop: false }] : c.labels });
  const cases: Part[] = [];
  const n = r.int(1, 3);
  const defaultAt = r.chance(0.7) ? r.int(0, n) : -1;
  for (let i = 0; i <= n; i++) {
    if (i === defaultAt) cases.push(caseClause(b, "default:"));
    if (i === n) break;
    const test = c.async && r.chance(0.25) ? seq("case (", awaitExpr(c, 1), ") % 3:") : "case " + r.int(0, 2) + ":";
    cases.push(caseClause(b, test));
  }
  return seq(label ? label + ": " : "", "switch ((", expr(c), ") % 3) {", list(cases), "}");
}

function caseClause(c: Ctx, test: Part): Part {
  const first = seq("log(" + tag(c, "case") + ");");
  const body = [first, ...stmts(c, c.rng.int(0, 2), newScope([], [first], { noShadow: true }))];
  if (c.rng.chance(0.6)) body.push("break;");
  return seq(test, list(body, false));
}

function tryStmt(c: Ctx): Part {
  const r = c.rng;
  const b = inner(c, { nest: c.nest + 1, inTry: true });
  const tryBlock = block([seq("log(" + tag(c, "try") + ");"), ...stmts(b, nestedCount(c))]);
  const shape = r.weighted({ catch: 4, finally: 2, both: 4 });
  const parts: Part[] = ["try ", tryBlock];
  // each clause may go (the shrinker's candidate without both does not parse)
  if (shape !== "finally") {
    // the catch parameter often reuses an outer name
    const e = headName(c, 0.5) || fresh(c, "err");
    const bare = r.chance(0.15);
    const head = bare ? " catch " : " catch (" + e + ") ";
    const cb = inner(b);
    if (!bare) bind(cb, e, true);
    const first = seq("log(" + tag(c, "catch") + (bare ? "" : ", " + e) + ");");
    parts.push(alt([head, block([first, ...stmts(cb, nestedCount(c), newScope(bare ? [] : [e], [first]))])], ""));
  }
  if (shape === "catch") return alt(parts, tryBlock);
  const finBlock = block([seq("log(" + tag(c, "fin") + ");"), ...stmts(b, nestedCount(c))]);
  parts.push(alt([" finally ", finBlock], ""));
  // without the try: its block, or both blocks one after the other
  return alt(parts, tryBlock, seq(tryBlock, " ", finBlock));
}

/** tasks started without await, something else runs, then they are joined */
function spawn(c: Ctx): Part[] {
  const r = c.rng;
  const names: string[] = [];
  const out: Part[] = [];
  for (let i = r.int(2, 3); i > 0; i--) {
    const t = fresh(c, "task");
    names.push(t);
    // the shrinker may drop the task, keeping its argument (a value then, which `await` accepts too)
    let start: Part;
    if (c.funcs.length && r.chance(0.6)) {
      const [arg, f] = [expr(c, 1), r.pick(c.funcs)];
      start = alt(["quiet(" + f + "(d - 1, ", arg, "))"], arg, alt(["await " + f + "(d - 1, ", arg, ")"]));
    } else {
      const parts = ["quiet((async () => { log(" + tag(c, "tk") + "); await ", awaitable(c, 1).node, "; log(" + tag(c, "tk") + ", ", expr(c, 1), "); return ", expr(c, 1), "; })())"];
      start = alt(parts, "0");
    }
    out.push(seq("const " + t + " = ", start, ";"));
  }
  out.push(seq("log(" + tag(c, "spawned") + ");"));
  for (let i = r.int(0, 2); i > 0; i--) {
    out.push(r.chance(0.5) ? seq("await ", awaitable(c, 1).node, ";") : seq("log(" + tag(c, "mid") + ", ", expr(c, 2), ");"));
  }
  const all = names.join(", ");
  const j = tag(c, "join");
  switch (r.int(0, 4)) {
    case 0:
      out.push(seq("log(" + j + ", await Promise.all([" + all + "]));"));
      break;
    case 1:
      for (const t of names) out.push(seq("log(" + j + ", await " + t + ");"));
      break;
    case 2:
      out.push(seq("for (const t of [" + all + "]) { try { log(" + j + ", await t); } catch (e) { log(" + j + ", \"caught\", e); } }"));
      break;
    case 3:
      out.push(seq("log(" + j + ", await Promise.allSettled([" + all + "]));"));
      break;
    default:
      out.push(seq("log(" + j + ", await Promise.race([" + all + ", ", promiseElements(c), "]));"));
  }
  return out;
}
