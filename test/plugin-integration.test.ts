/**
 * The plugin inside real Babel configurations: composed with preset-env
 * (down to ES5) and preset-typescript in one config, and with source maps
 * that lead a throw after an await back to its original line.
 */
import { transformSync } from "@babel/core";
import { describe, expect, it } from "vitest";
import coloopPlugin from "../packages/babel-plugin/src/index";
import { RUNTIME_CJS, run, tempFile } from "./support/engines";

const TS_SOURCE = `
interface Item { id: number; label?: string }
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
class Store {
  private items: Item[] = [];
  async add(item: Item): Promise<number> {
    await pause(1);
    this.items.push(item);
    return this.items.length;
  }
  async labels(): Promise<string[]> {
    const out: string[] = [];
    for (const it of this.items) out.push((await Promise.resolve(it.label)) ?? "#" + it.id);
    return out;
  }
}
const main = async (): Promise<void> => {
  const s = new Store();
  await s.add({ id: 1, label: "one" });
  const n = await s.add({ id: 2 });
  console.log(n, (await s.labels()).join(","));
};
main();
`;

describe("composition with preset-env and preset-typescript", () => {
  it("takes every async function before preset-env's async plugins and runs without a native Promise", async () => {
    const out = transformSync(TS_SOURCE, {
      filename: "store.ts",
      babelrc: false,
      configFile: false,
      sourceType: "script",
      presets: [
        ["@babel/preset-env", { targets: { ie: "11" } }],
        ["@babel/preset-typescript", {}],
      ],
      plugins: [[coloopPlugin, { moduleType: "require", promise: "loop", runtime: RUNTIME_CJS }]],
    })!.code!;
    for (const banned of ["regeneratorRuntime", "asyncToGenerator", "async ", "await ", "function*", "=>"]) {
      expect(out.includes(banned), `output contains ${banned}`).toBe(false);
    }
    const file = tempFile("composed.cjs", out);
    const result = await run(process.execPath, ["-e", `delete globalThis.Promise; require(${JSON.stringify(file)})`]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("2 one,#2\n");
  });
});

describe("module transforms", () => {
  it("the runtime import is one declaration whose bindings the CommonJS transform rewrites", () => {
    const out = transformSync("export async function f(a) { const x = await g(a); return x + 1 }", {
      filename: "esm.js",
      babelrc: false,
      configFile: false,
      presets: [["@babel/preset-env", { targets: { ie: "11" } }]],
      plugins: [coloopPlugin],
    })!.code!;
    expect(out.match(/require\("@coloop\/runtime\/core"\)/g)).toHaveLength(1);
    expect(out).toContain("(0, _core.enterCoroutine)(_body, _f$meta)");
    expect(out).toContain("(0, _core.leaveCoroutine)(_task, _r)");
    expect(out).not.toMatch(/[^.]_enterCoroutine\(/);
  });
});

describe("source maps", () => {
  it("map a throw after an await back to the original line", async () => {
    const source = [
      "async function step(n) {", // 1
      "  await null;", // 2
      "  if (n > 1) {", // 3
      '    throw new Error("too far");', // 4
      "  }", // 5
      "  return n;", // 6
      "}", // 7
      "step(2).catch((e) => console.log(e.stack.split('\\n')[1].trim()));", // 8
    ].join("\n");
    const out = transformSync(source, {
      filename: "original.js",
      sourceFileName: "original.js",
      babelrc: false,
      configFile: false,
      sourceType: "script",
      sourceMaps: "inline",
      plugins: [[coloopPlugin, { moduleType: "require", runtime: RUNTIME_CJS }]],
    })!.code!;
    const file = tempFile("mapped.cjs", out);
    const result = await run(process.execPath, ["--enable-source-maps", file]);
    expect(result.stdout).toMatch(/original\.js:4:11/);
  });
});
