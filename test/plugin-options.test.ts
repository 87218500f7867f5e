/**
 * The plugin's options: every public one optional, nothing test-only
 * accepted from a config. The fuzzer's deliberate miscompile is reachable
 * only through the test-only entry (packages/babel-plugin/src/testing.ts).
 */
import { describe, expect, it } from "vitest";
import type { ColoopPluginOptions } from "../packages/babel-plugin/src/index";
import { TEST_MISCOMPILE, withMiscompile } from "../packages/babel-plugin/src/testing";
import { compile } from "./support/compile";

const SOURCE = "async function f() { return a() + (await b()); }";

describe("plugin options", () => {
  it("every public option may be omitted, given, or undefined", () => {
    const none: ColoopPluginOptions = {};
    const all: ColoopPluginOptions = { runtime: "rt", moduleType: null, locations: false, asyncGenerators: true, promise: "loop" };
    const undefs: ColoopPluginOptions = { runtime: undefined, moduleType: undefined, locations: undefined, asyncGenerators: undefined, promise: undefined };
    for (const options of [none, all, undefs]) expect(compile(SOURCE, "f.js", options)).toContain("enterCoroutine");
    expect(compile(SOURCE, "f.js", { moduleType: "require", runtime: "rt" })).toContain('require("rt")');
  });

  it("the test-only miscompile is an unknown option by name", () => {
    for (const value of [true, "await-order", "rename-by-name", null]) {
      expect(() => compile(SOURCE, "f.js", { __testMiscompile: value })).toThrow(/unknown option "__testMiscompile"/);
    }
  });

  it("the testing entry plants it, through the harness's spread of the options", () => {
    const clean = compile(SOURCE, "f.js", { locations: false });
    const planted = compile(SOURCE, "f.js", { ...withMiscompile("await-order"), locations: false });
    expect(planted).not.toBe(clean);
    // await-order: the awaited right operand is evaluated before a()
    expect(planted.indexOf("b()")).toBeLessThan(planted.indexOf("a()"));
    expect(clean.indexOf("a()")).toBeLessThan(clean.indexOf("b()"));
    expect(compile(SOURCE, "f.js", withMiscompile("await-order", { locations: false }))).toBe(planted);
    expect(() => compile(SOURCE, "f.js", { [TEST_MISCOMPILE]: "nonsense" })).toThrow(/test miscompile must be/);
  });
});
