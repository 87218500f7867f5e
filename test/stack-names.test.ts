/**
 * Stack traces name the user's functions: the frame of a compiled body
 * resumed after an await carries the name V8 gives the native async
 * function's frame (`failing`, `Store.load`, `Store.s`, `Object.m`), for
 * each way the body variable is named (a free variable, a block `let` in a
 * declaration, a property key when the function mentions its own name).
 */
import { describe, expect, it } from "vitest";
import { compileForNode } from "./support/compile";
import { RUNTIME_CJS, run, tempFile } from "./support/engines";

const PROGRAM = `
class Store { async load() { await null; throw new Error("x"); } static async s() { await null; throw new Error("y"); } }
const o = { async m() { await null; throw new Error("z"); } };
async function failing() { await null; throw new Error("w"); }
async function recursive(n) { await null; if (n > 0) return recursive(n - 1); throw new Error("r"); }
const arrow = async () => { await null; throw new Error("a"); };
const expr = async function () { await null; throw new Error("e"); };
async function withDefaults(a = 1, { b } = {}) { await null; throw new Error("d"); }
(async () => {
  for (const f of [() => new Store().load(), () => Store.s(), () => o.m(), failing, () => recursive(1), arrow, expr, withDefaults]) {
    try { await f(); } catch (e) { console.log(e.stack.split("\\n")[1].trim().split(" (")[0]); }
  }
})();
`;

describe("stack traces", () => {
  it("name the frame of a resumed body as V8 names the native async function's", async () => {
    const native = await run(process.execPath, [tempFile("stack-names.native.cjs", PROGRAM)]);
    const compiled = await run(process.execPath, [tempFile("stack-names.compiled.cjs", compileForNode(PROGRAM, "names.js", { runtime: RUNTIME_CJS, promise: "native" }))]);
    expect(native.stdout.split("\n").filter(Boolean)).toEqual([
      "at Store.load",
      "at Store.s",
      "at Object.m",
      "at failing",
      "at recursive",
      "at arrow",
      "at expr",
      "at withDefaults",
    ]);
    expect(compiled.stderr).toBe("");
    expect(compiled.stdout).toBe(native.stdout);
  });
});
