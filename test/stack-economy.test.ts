/**
 * Stack economy: how deep synchronous async recursion goes before the stack
 * overflows (each call runs its body before its first await), natively, in
 * regenerator's output and in coloop's. A compiled call costs two frames
 * (the function and its body), so coloop must reach at least four times as
 * deep as regenerator. Depth is a count of calls, not a timing.
 */
import { transformSync } from "@babel/core";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileForNode } from "./support/compile";
import { ROOT, RUNTIME_CJS, run, tempFile } from "./support/engines";

const PROBE = `
let max = 0;
async function f(n) { max = n; await f(n + 1); }
f(0).catch(() => {});
setTimeout(() => console.log(max), 0);
`;

async function depth(name: string, code: string): Promise<number> {
  const result = await run(process.execPath, [tempFile(`depth-${name}.cjs`, code)]);
  const n = parseInt(result.stdout.trim(), 10);
  if (!(n > 0)) throw new Error(`${name}: no depth printed\n${result.stdout}\n${result.stderr}`);
  return n;
}

describe("stack economy", () => {
  it("reaches at least 4x regenerator's depth of synchronous async recursion on Node", async () => {
    const native = await depth("native", PROBE);
    const regenerator = await depth(
      "regenerator",
      `var regeneratorRuntime = require(${JSON.stringify(path.join(ROOT, "node_modules/regenerator-runtime"))});\n` +
        transformSync(PROBE, {
          babelrc: false,
          configFile: false,
          plugins: ["@babel/plugin-transform-async-to-generator", "@babel/plugin-transform-regenerator"],
        })!.code,
    );
    const coloop = await depth("coloop", compileForNode(PROBE, "probe.js", { runtime: RUNTIME_CJS, promise: "native" }));
    // eslint-disable-next-line no-console
    console.log(`synchronous async recursion depth on Node: native ${native}, regenerator ${regenerator}, coloop ${coloop} (${(coloop / regenerator).toFixed(1)}x regenerator)`);
    expect(coloop).toBeGreaterThanOrEqual(4 * regenerator);
  });
});
