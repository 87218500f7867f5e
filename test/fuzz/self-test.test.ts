/**
 * The fuzzer can fail: with the plugin's deliberate miscompile
 * (`__testMiscompile`: a binary expression's right operand, when it awaits,
 * is evaluated before the left one) on the compiled side only, the fuzzer
 * must find a divergence within a bounded number of programs and shrink it
 * to a small program that still diverges, and only because of the
 * miscompile.
 */
import { describe, expect, it } from "vitest";
import { fuzz } from "./fuzz";
import { compiled, native } from "./runner";

const MISCOMPILE = { __testMiscompile: true };

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
  }, 170_000);
});
