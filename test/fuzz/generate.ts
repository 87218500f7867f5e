/**
 * One random program = an async function `prog` holding its own state (g,
 * fuel, the depth d), async functions f0…fn that call one another (and
 * themselves) with d - 1, and a body of random statements. Program I of seed
 * S is always the same: the PRNG is seeded with (S, I).
 *
 * Rendering puts a small prelude in front and a driver behind. The prelude:
 * log/show print primitives and sorted JSON; sleep() gives every timer a
 * longer delay than any timer still pending, so timers fire in the order
 * they were set, natively and compiled alike, whatever the machine's speed
 * (a timer set at t1 >= t0 with delay d1 > d0 has the later deadline; and as
 * no two pending timers share a delay, Node's batching of timers by duration
 * cannot reorder them); only overlapping timers wait longer and longer. The
 * driver runs one program or a batch of them one after another, each trace
 * after a `#### i` line.
 */
import { DEFAULT_OPTIONS, newScope, type Ctx, type GenOptions } from "./context";
import { expr } from "./gen-expr";
import { stmts, stmtsAnd } from "./gen-stmt";
import { Rng } from "./random";
import { alt, keep, list, print, seq, type Part, type Seq } from "./tree";

export interface Program {
  seed: number;
  index: number;
  tree: Seq;
}

export function generate(seed: number, index: number, options: Partial<GenOptions> = {}): Program {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const rng = new Rng(seed, index);
  const nf = rng.int(opts.functions[0], opts.functions[1]);
  const funcs = Array.from({ length: nf }, (_, i) => "f" + i);
  const base: Ctx = {
    rng,
    opts,
    ids: { n: 0 },
    funcs,
    vars: ["g", "d"],
    muts: ["g"],
    async: true,
    labels: [],
    breakable: false,
    continuable: false,
    returnable: true,
    inTry: false,
    nest: 0,
    scope: newScope(),
    calls: [],
  };
  // only the recursion bound is kept: without it a program might not end
  const items: Part[] = ["let g = 0;", `let fuel = ${opts.fuel};`, `const d = ${opts.depth};`];
  for (const f of funcs) items.push(...asyncFunction(base, f));
  items.push(...stmts(base, rng.int(opts.stmts[0], opts.stmts[1] + 2), newScope(["g", "fuel", "d", ...funcs], [], { fnBody: true })));
  items.push("return g;");
  return { seed, index, tree: seq(`async function prog() {`, list(items), "}") };
}

export const FUNCTION_WEIGHTS = { declaration: 5, arrow: 1.5, method: 1.5, classMethod: 1 };

/**
 * f(d, x), as a declaration (reading arguments[0] and arguments.length, not
 * arguments[1]: MuJS does not alias arguments to parameters), an async arrow, an object's async method or a class's (reading and
 * assigning this.k; a subclass may wrap it, calling super.m after an await).
 * Every form is called as f(d - 1, …).
 */
function asyncFunction(base: Ctx, f: string): Part[] {
  const r = base.rng;
  const kind = r.weighted(FUNCTION_WEIGHTS);
  const c: Ctx = { ...base, vars: ["g", "d", "x"], muts: ["g", "x"], calls: [] };
  // now and then a third parameter, defaulted when the function is called (with two arguments)
  const params = r.chance(0.25) ? seq("d, x, y = ", expr({ ...c, async: false }, 1)) : "d, x";
  if (typeof params !== "string") c.vars.push("y"), c.muts.push("y");
  if (kind === "declaration") c.vars.push("arguments[0]", "arguments.length");
  if (kind === "method" || kind === "classMethod") c.vars.push("this.k"), c.muts.push("this.k");
  const head: Part[] = [
    // d alone bounds the recursion (every call passes d - 1); fuel bounds the work
    { ...keep(`if (d <= 0 || --fuel < 0) { log("${f} leaf", x); return x; }`), alts: ["if (d <= 0) return x;"] },
    `log("${f}", d, x);`,
  ];
  const declared = ["d", "x", ...(typeof params === "string" ? [] : ["y"])];
  const [inside, end] = stmtsAnd(c, r.int(c.opts.stmts[0], c.opts.stmts[1]), newScope(declared, head.slice(), { fnBody: true }));
  const body = list([...head, ...inside, seq("return ", expr(end, 2), ";")]);
  const k = r.int(1, 9);
  // every form may become the plain declaration (one item, so it changes as a whole)
  const declaration = seq(`async function ${f}(`, params, ") {", body, "}");
  switch (kind) {
    case "declaration":
      return [declaration];
    case "arrow":
      return [alt([`const ${f} = async (`, params, ") => {", body, "};"], declaration)];
    case "method":
      return [alt([`const ${f}o = { k: ${k}, async m(`, params, ") {", body, `} }; const ${f} = (d, x) => ${f}o.m(d, x);`], declaration)];
    default: {
      const sub = r.chance(0.5);
      const parts: Part[] = [`class ${f}c { constructor() { this.k = ${k}; } async m(`, params, ") {", body, "} }"];
      if (sub) parts.push(` class ${f}s extends ${f}c { async m(d, x) { log("${f}s", this.k); await null; return (await super.m(d, x)) + 1; } }`);
      parts.push(` const ${f} = (d, x) => new ${f}${sub ? "s" : "c"}().m(d, x);`);
      return [alt(parts, declaration)];
    }
  }
}

/** the helpers every program may use; non-async, so the plugin leaves them as they are */
const HELPERS: [string, string][] = [
  ["show", 'function show(v) { return v instanceof Error ? v.name + ": " + v.message : Array.isArray(v) ? "[" + v.map(show).join(",") + "]" : typeof v === "function" ? "function" : v && typeof v === "object" ? (typeof v.then === "function" ? "thenable" : "{" + Object.keys(v).sort().map((k) => k + ":" + show(v[k])).join(",") + "}") : String(v); }'],
  ["log", "function log(...a) { console.log(a.map(show).join(\" \")); }"],
  ["tap", "function tap(t, v) { log(t, v); return v; }"],
  ["add", 'function add(a, b, c) { log("add", a, b, c); return a + b + c; }'],
  ["quiet", "function quiet(p) { p.then(undefined, () => {}); return p; }"],
  ["Box", 'function Box(a, b) { log("Box", a, b); this.v = a; }'],
  ["tpl", 'function tpl(s, ...v) { log("tpl", s.length, v.length); return s.join("") + v.join(","); }'],
  ["after", "let tms = 0, tpending = 0, tcount = 0; function after(fn) { tpending++; setTimeout(() => { if (--tpending === 0) tms = 0; fn(); }, ++tms); }"],
  ["sleep", 'function sleep(v) { tcount++; return new Promise((res) => after(() => { log("timer", v); res(v); })); }'],
];

/** the prelude, with only the helpers the code uses (all of them for a batch) */
export function prelude(code: string | null): string {
  const used = (name: string) => code === null || name === "show" || name === "log" || new RegExp("\\b" + name + "\\b").test(code);
  const needed = HELPERS.filter(([name]) => used(name) || (name === "after" && used("sleep")));
  return needed.map(([, src]) => src).join("\n");
}

/**
 * The driver: each program's trace after `#### i`; after each program, wait
 * for its leftover timers (a timer set later with a longer delay fires after
 * all of them) until no new one was set meanwhile. That wait is a timer like
 * the program's, counted among the pending ones: Node fires the timers of
 * one duration together, so no two pending timers may share a duration.
 */
const DRIVER = `async function main(progs) {
  for (let i = 0; i < progs.length; i++) {
    console.log("#### " + i);
    try { log("end", await progs[i]()); } catch (e) { log("end threw", e); }
    for (let n = -1; n !== tcount; ) { n = tcount; await new Promise(after); }
  }
}`;

export function renderProgram(p: Program): string {
  return print(p.tree);
}

/** many programs in one file, as the batch runs them */
export function renderBatch(programs: (Program | string)[]): string {
  const bodies = programs.map((p, i) => (typeof p === "string" ? p : renderProgram(p)).replace(/^async function prog\(\)/, `async function prog${i}()`));
  const names = programs.map((_, i) => "prog" + i).join(", ");
  return [prelude(null), ...bodies, DRIVER, `main([${names}]);`, ""].join("\n");
}

/** one program on its own: the reproduction a fixture records */
export function renderStandalone(p: Program | string): string {
  const body = typeof p === "string" ? p : renderProgram(p);
  return [prelude(body), body, 'prog().then((v) => log("end", v), (e) => log("end threw", e));', ""].join("\n");
}
