/**
 * The fuzzer can fail: with the plugin's deliberate miscompile
 * (`withMiscompile("await-order")` of the plugin's test-only entry: a binary
 * expression's right operand, when it awaits,
 * is evaluated before the left one) on the compiled side only, the fuzzer
 * must find a divergence within a bounded number of programs and shrink it
 * to a small program that still diverges, and only because of the
 * miscompile.
 *
 * Issue #8: a compiler renaming by name instead of by binding (an inner
 * arrow's parameter `n` rewritten as a loop's per-iteration binding `n`)
 * went unseen for 20,000 programs whose names were all fresh. The
 * generator now reuses names across nesting levels; the planted
 * `"rename-by-name"` miscompile must be found within a few programs, which
 * the clean plugin compiles right.
 */
import { describe, expect, it } from "vitest";
import { withMiscompile } from "../../packages/babel-plugin/src/testing";
import { compileForNode } from "../support/compile";
import { fuzz } from "./fuzz";
import { generate, renderStandalone } from "./generate";
import { compiled, native } from "./runner";
import { envReadsOfInnerBindings, nameReuse, type BindingForm } from "./shadowing";

const MISCOMPILE = withMiscompile("await-order");

describe("fuzzer self-test", () => {
  it("finds the deliberate miscompile and shrinks it to a small reproduction", async () => {
    const result = await fuzz({ seed: 2, runs: 100, engines: ["node-nopromise"], plugin: MISCOMPILE, batchSize: 10, workers: 2 });
    const f = result.finding;
    expect(f, "no divergence in 100 programs").not.toBe(null);
    expect(f!.kind).toBe("output");
    expect(f!.reproduced, "the divergence shows with the program alone").toBe("alone");
    expect(f!.stats).not.toBe(null);

    const lines = f!.reduced.trim().split("\n");
    const prog = lines.slice(lines.indexOf("async function prog() {"), lines.lastIndexOf("}") + 1);
    // eslint-disable-next-line no-console
    console.log(`found at ${f!.seed}:${f!.index}, shrunk from ${f!.original.split("\n").length} to ${lines.length} lines:\n${f!.reduced}`);
    // small: the program itself within 15 lines, the whole file (helpers and the call) within 20
    expect(prog.length).toBeGreaterThan(2);
    expect(prog.length).toBeLessThanOrEqual(15);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(f!.reduced.length).toBeLessThan(f!.original.length / 3);
    // the shrunk program has a binary expression with an await on its right
    expect(f!.reduced).toMatch(/ (\+|-|&|\||\^|<|>=|===|!==) [^;]*await/);

    // it still diverges with the miscompile, and does not without it
    const ref = await native("self-test", f!.reduced);
    expect(ref.code).toBe(0);
    const bad = await compiled("node-nopromise", "self-test-bad", f!.reduced, MISCOMPILE);
    expect(bad.stdout).not.toBe(ref.stdout);
    const good = await compiled("node-nopromise", "self-test-good", f!.reduced, {});
    expect(good.stdout).toBe(ref.stdout);
  }, 300_000);
});

const RENAME = withMiscompile("rename-by-name");
const RENAME_SEED = 5;
const RENAME_RUNS = 30;

describe("fuzzer self-test: names reused across nesting levels (issue #8)", () => {
  it("the generator reuses names in every binding form, inner and outer", () => {
    const programs = 60;
    const shadows = new Map<string, number>();
    let hazard = 0;
    let loopClosures = 0;
    for (let i = 0; i < programs; i++) {
      const r = nameReuse(renderStandalone(generate(RENAME_SEED, i)));
      for (const s of r.shadows) shadows.set(s, (shadows.get(s) || 0) + 1);
      if (r.renameHazard) hazard++;
      if (r.loopClosures) loopClosures++;
    }
    const count = (test: (inner: string, outer: string) => boolean) => [...shadows].reduce((n, [k, v]) => (test(...(k.split(">") as [string, string])) ? n + v : n), 0);
    const table = [...shadows].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(", ");
    // eslint-disable-next-line no-console
    console.log(`${programs} programs: inner>outer shadowing (programs): ${table}; rename hazard in ${hazard}, loop closures in ${loopClosures}`);
    const forms: BindingForm[] = ["param", "catch", "loop", "let", "const", "fnexpr", "class", "function"];
    for (const f of forms) expect(count((a, b) => a === f || b === f), `${f} bindings in shadowing`).toBeGreaterThan(0);
    for (const f of ["param", "catch", "loop", "let", "const", "fnexpr", "class"]) expect(count((a) => a === f), `${f} shadowing an outer binding`).toBeGreaterThan(0);
    for (const f of ["param", "catch", "loop", "let", "const"]) expect(count((_, b) => b === f), `${f} shadowed by an inner binding`).toBeGreaterThan(0);
    // the bug's own shape: an inner parameter named like an outer loop binding
    expect(count((a, b) => a === "param" && b === "loop")).toBeGreaterThanOrEqual(3);
    // closures over per-iteration bindings of loops that await, whose names other bindings of the function share
    expect(loopClosures).toBeGreaterThanOrEqual(programs / 2);
    expect(hazard).toBeGreaterThanOrEqual(programs / 3);
  }, 60_000);

  it(`finds a planted rename-by-name miscompile within ${RENAME_RUNS} programs, which the clean plugin passes`, async () => {
    const result = await fuzz({ seed: RENAME_SEED, runs: RENAME_RUNS, engines: ["node-nopromise"], plugin: RENAME, batchSize: 10, workers: 2, shrink: false });
    const f = result.finding;
    expect(f, `no divergence in ${RENAME_RUNS} programs`).not.toBe(null);
    expect(f!.kind).toBe("output");
    expect(f!.reproduced, "the divergence shows with the program alone").toBe("alone");
    // eslint-disable-next-line no-console
    console.log(`rename-by-name found at ${f!.seed}:${f!.index}`);

    // the same programs, up to the one found, with the clean plugin
    const clean = await fuzz({ seed: RENAME_SEED, runs: f!.index + 1, engines: ["node-nopromise"], batchSize: 10, workers: 2, shrink: false });
    expect(clean.finding).toBe(null);
    expect(clean.programs).toBe(f!.index + 1);

    // alone: it diverges with the miscompile, and does not without it
    const ref = await native("self-test-rn", f!.reduced);
    expect(ref.code).toBe(0);
    const bad = await compiled("node-nopromise", "self-test-rn-bad", f!.reduced, RENAME);
    expect(bad.stdout).not.toBe(ref.stdout);
    const good = await compiled("node-nopromise", "self-test-rn-good", f!.reduced, {});
    expect(good.stdout).toBe(ref.stdout);

    // and for the planted reason: an inner binding read through a loop's environment
    expect(envReadsOfInnerBindings(compileForNode(f!.reduced, "fuzz.js", RENAME)).length).toBeGreaterThan(0);
    expect(envReadsOfInnerBindings(compileForNode(f!.reduced, "fuzz.js", {}))).toEqual([]);
  }, 240_000);
});
