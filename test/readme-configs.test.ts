/**
 * Every configuration README.md shows, built and run: the code blocks are
 * read from the README (each under a `<!-- readme-config: NAME -->` marker)
 * and used as written — JSON blocks as a temp project's babel.config.json,
 * the Rollup block as its rollup.config.mjs, the Rollup block's `babel(...)`
 * entry in a Vite build's plugins, as the README says. Each builds a small
 * app (ESM across files, TypeScript with an extensionless `.ts` import, a
 * plain script for the embedded engines) whose output must equal the native
 * run of the same app (TypeScript: types stripped by preset-typescript alone).
 *
 * Uses the built packages (packages/*\/dist): `npm test` builds first.
 */
import { transformFileSync, transformSync } from "@babel/core";
import { parse } from "@babel/parser";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ENGINE_EPILOGUE, ENGINE_PRELUDE, ROOT, RUNTIME_GLOBAL, hasBinary, reportSkipped, run, type RunResult } from "./support/engines";

const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const MARKER = /<!-- readme-config: ([\w-]+) -->/g;
const CONFIGS = ["babel-alone", "babel-preset-env", "babel-typescript", "babel-embedded", "rollup", "vite"];

/** The fenced block right under `<!-- readme-config: name -->`. */
function readmeBlock(name: string): { lang: string; code: string } {
  const marker = `<!-- readme-config: ${name} -->`;
  const at = README.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const m = /^\n```(\w*)\n([\s\S]*?)\n```\n/.exec(README.slice(at + marker.length));
  if (!m) throw new Error(`README.md: ${marker} is not followed by a fenced code block`);
  return { lang: m[1], code: m[2] + "\n" };
}

/** The text from `babel(` to its closing parenthesis, in the Rollup block. */
function babelEntry(rollupConfig: string): string {
  const start = rollupConfig.search(/\bbabel\(/);
  if (start < 0) throw new Error("the README's Rollup block has no babel(...) entry");
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < rollupConfig.length; i++) {
    const c = rollupConfig[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return rollupConfig.slice(start, i + 1);
  }
  throw new Error("the README's babel(...) entry is not closed");
}

// ---------------------------------------------------------------- the apps

/** A store shared by concurrent workers, a timer, a rejected await caught. */
const STORE_JS = `
export const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Store {
  constructor(name) {
    this.name = name;
    this.items = [];
  }
  async add(item) {
    await null;
    this.items.push(item);
    return this.items.length;
  }
  async total() {
    let sum = 0;
    for (const item of this.items) sum += await item.price;
    return sum;
  }
}

export async function fail(message) {
  await pause(1);
  throw new Error(message);
}
`;

const STORE_TS = `
export interface Item {
  name: string;
  price: number | Promise<number>;
}

export const pause = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Store {
  private items: Item[] = [];
  constructor(readonly name: string) {}
  async add(item: Item): Promise<number> {
    await null;
    this.items.push(item);
    return this.items.length;
  }
  async total(): Promise<number> {
    let sum = 0;
    for (const item of this.items) sum += await item.price;
    return sum;
  }
}

export async function fail(message: string): Promise<never> {
  await pause(1);
  throw new Error(message);
}
`;

/** The main module; `from` is how it imports the store. */
const mainJs = (from: string) => `
import { Store, pause, fail } from ${JSON.stringify(from)};

async function worker(name, store, count) {
  for (let i = 0; i < count; i++) {
    const n = await store.add({ name, price: i + 1 });
    console.log(\`\${name} added #\${i}, the store has \${n}\`);
    if (i === 1) await pause(name === "a" ? 5 : 1);
  }
  return name + " done";
}

const main = async () => {
  const store = new Store("s");
  const a = worker("a", store, 3);
  const b = worker("b", store, 2);
  console.log("both started");
  console.log(await a, "|", await b);
  try {
    await fail("boom");
    console.log("not reached");
  } catch (e) {
    console.log("caught", e.message);
  } finally {
    console.log("finally");
  }
  console.log("total", await store.total(), "in", store.name);
};

main().then(() => console.log("end"));
`;

const MAIN_TS = `
import { Store, pause, fail } from "./store";
import type { Item } from "./store";

async function worker(name: string, store: Store, count: number): Promise<string> {
  for (let i = 0; i < count; i++) {
    const item: Item = { name, price: i + 1 };
    const n: number = await store.add(item);
    console.log(\`\${name} added #\${i}, the store has \${n}\`);
    if (i === 1) await pause(name === "a" ? 5 : 1);
  }
  return name + " done";
}

const main = async (): Promise<void> => {
  const store = new Store("s");
  const a = worker("a", store, 3);
  const b = worker("b", store, 2);
  console.log("both started");
  console.log(await a, "|", await b);
  try {
    await fail("boom");
    console.log("not reached");
  } catch (e) {
    console.log("caught", (e as Error).message);
  } finally {
    console.log("finally");
  }
  console.log("total", await store.total(), "in", store.name);
};

main().then(() => console.log("end"));
`;

/** The same app as one plain script, for the embedded engines. */
const SCRIPT_APP = STORE_JS.replace(/^export /gm, "") + mainJs("").replace(/^import .*\n/m, "");

/** What every one of these apps prints natively. */
const EXPECTED = [
  "both started",
  "a added #0, the store has 1",
  "b added #0, the store has 2",
  "a added #1, the store has 3",
  "b added #1, the store has 4",
  "a added #2, the store has 5",
  "a done | b done",
  "caught boom",
  "finally",
  "total 9 in s",
  "end",
  "",
].join("\n");

// ---------------------------------------------------------------- helpers

const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), "coloop-readme-"));
afterAll(() => fs.rmSync(tempRoot, { recursive: true, force: true }));

/** A project directory whose node_modules is the workspace's (plugins, presets, @coloop/runtime, rollup, vite). */
function project(name: string, files: Record<string, string>): string {
  const dir = path.join(tempRoot, name);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

const TYPE_MODULE = JSON.stringify({ type: "module" });
const TYPE_COMMONJS = JSON.stringify({ type: "commonjs" });

function node(file: string, cwd: string): Promise<RunResult> {
  return run(process.execPath, [file], { cwd });
}

function expectRun(result: RunResult, reference: string, what: string): void {
  expect({ what, stdout: result.stdout, stderr: result.stderr, code: result.code }).toEqual({ what, stdout: reference, stderr: "", code: 0 });
}

/** Relative imports without an extension get `.js`, for Node's ESM resolution of the stripped files. */
function withJsExtensions(code: string): string {
  return code.replace(/(from\s*["'])(\.\.?\/[^"']*?)(["'])/g, (m, a: string, spec: string, b: string) =>
    /\.[cm]?js$/.test(spec) ? m : a + spec + ".js" + b,
  );
}

/** The reference: the app as written, TypeScript stripped by preset-typescript alone. */
async function runNative(name: string, files: Record<string, string>, entry: string): Promise<string> {
  const out: Record<string, string> = { "package.json": TYPE_MODULE };
  for (const [file, code] of Object.entries(files)) {
    const stripped = /\.tsx?$/.test(file)
      ? transformSync(code, { filename: file, babelrc: false, configFile: false, presets: ["@babel/preset-typescript"] })!.code!
      : code;
    out[file.replace(/\.tsx?$/, ".js")] = withJsExtensions(stripped);
  }
  const dir = project(name + "-native", out);
  const result = await node(entry, dir);
  expectRun(result, EXPECTED, `${name}: the native run`);
  return result.stdout;
}

/** Compiles each source file with the project's babel.config.json (found from cwd, as Babel does). */
function babelProject(dir: string, sources: string[], outDir: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const source of sources) {
    const code = transformFileSync(path.join(dir, source), { cwd: dir })!.code!;
    const out = path.join(outDir, source.replace(/\.tsx?$/, ".js"));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
    outputs[source] = code;
  }
  return outputs;
}

/** Coloop compiled the async functions: no async or generator function, no await, no other transform's helpers. */
function expectCompiledByColoop(code: string, what: string): void {
  expect(code, what).toMatch(/enterCoroutine/);
  const found = syntaxOf(code).filter((f) => f === "async function" || f === "generator" || f === "AwaitExpression");
  expect(found, `${what}: left as written`).toEqual([]);
  for (const helper of ["regeneratorRuntime", "asyncToGenerator"]) expect(code, `${what} uses ${helper}`).not.toContain(helper);
}

const APP_FUNCTIONS = ["worker", "main", "Store.add", "Store.total", "fail"];

/** The compiled functions, by the names their coroutine meta records. */
function expectMeta(code: string, names: string[]): void {
  for (const name of names) expect(code, `the meta of ${name}`).toMatch(new RegExp(`\\bn: "${name.replace(".", "\\.")}"`));
}

const NOT_ES5_NODES = new Set([
  "ArrowFunctionExpression",
  "ClassDeclaration",
  "ClassExpression",
  "TemplateLiteral",
  "ForOfStatement",
  "SpreadElement",
  "RestElement",
  "ObjectPattern",
  "ArrayPattern",
  "ImportDeclaration",
  "ExportNamedDeclaration",
  "ExportDefaultDeclaration",
  "AwaitExpression",
]);

/** The syntax in the code that ES5 lacks: node types, let/const, async and generator functions. */
function syntaxOf(code: string): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === "string") {
      if (NOT_ES5_NODES.has(n.type)) found.add(n.type);
      if (n.type === "VariableDeclaration" && n.kind !== "var") found.add(String(n.kind));
      if (/Function/.test(n.type) && (n.async || n.generator)) found.add(n.async ? "async function" : "generator");
    }
    for (const key of Object.keys(n)) if (key !== "loc" && key !== "extra") visit(n[key]);
  };
  visit(parse(code, { sourceType: "unambiguous" }).program);
  return [...found];
}

// ---------------------------------------------------------------- the tests

describe("README.md configurations", () => {
  it("every block that configures the plugin is marked and tested", () => {
    const marked = [...README.matchAll(MARKER)].map((m) => m[1]);
    expect(marked.sort()).toEqual([...CONFIGS].sort());
    // a block mentioning the plugin, without a marker, would be an untested configuration
    const blocks = [...README.matchAll(/(<!-- readme-config: [\w-]+ -->\n)?```\w*\n([\s\S]*?)```/g)];
    for (const b of blocks) {
      if (/["']@coloop\/babel-plugin["']/.test(b[2])) expect(b[1], `an unmarked configuration block:\n${b[2]}`).toBeTruthy();
    }
    for (const name of CONFIGS.filter((c) => c !== "vite")) expect(readmeBlock(name).code).toMatch(/@coloop\/babel-plugin/);
    // the Vite sentence points at the Rollup block's babel(...) entry, which the Vite test uses
    const vite = README.slice(README.indexOf("<!-- readme-config: vite -->"));
    expect(vite).toMatch(/^<!-- readme-config: vite -->\nThe same `babel\(\.\.\.\)` entry goes in a Vite config's `plugins`\./);
  });

  it("Babel alone: an ESM app across two files, run as ESM", async () => {
    const config = readmeBlock("babel-alone");
    expect(config.lang).toBe("json");
    const app = { "src/store.js": STORE_JS, "src/main.js": mainJs("./store.js") };
    const reference = await runNative("alone", app, "src/main.js");
    const dir = project("alone", { "babel.config.json": config.code, ...app, "out/package.json": TYPE_MODULE });
    const outputs = babelProject(dir, Object.keys(app), path.join(dir, "out"));
    expectMeta(Object.values(outputs).join("\n"), APP_FUNCTIONS);
    for (const [file, code] of Object.entries(outputs)) {
      expectCompiledByColoop(code, file);
      expect(code, file).toMatch(/^import .* from "@coloop\/runtime\/core";$/m);
    }
    expectRun(await node("out/src/main.js", dir), reference, "Babel alone");
  });

  it("Babel with preset-env: the same app down to ES5 CommonJS", async () => {
    const config = readmeBlock("babel-preset-env");
    expect(config.lang).toBe("json");
    const app = { "src/store.js": STORE_JS, "src/main.js": mainJs("./store.js") };
    const reference = await runNative("env", app, "src/main.js");
    const dir = project("env", { "babel.config.json": config.code, ...app, "out/package.json": TYPE_COMMONJS });
    const outputs = babelProject(dir, Object.keys(app), path.join(dir, "out"));
    expectMeta(Object.values(outputs).join("\n"), APP_FUNCTIONS);
    for (const [file, code] of Object.entries(outputs)) {
      expectCompiledByColoop(code, file);
      expect(code, file).toMatch(/require\("@coloop\/runtime\/core"\)/);
      expect(syntaxOf(code), `${file} is ES5`).toEqual([]);
    }
    expectRun(await node("out/src/main.js", dir), reference, "Babel with preset-env");
  });

  it("Babel with TypeScript: an ESM .ts app, extensionless and type-only imports", async () => {
    const config = readmeBlock("babel-typescript");
    expect(config.lang).toBe("json");
    const app = { "src/store.ts": STORE_TS, "src/main.ts": MAIN_TS };
    const reference = await runNative("ts", app, "src/main.js");
    const dir = project("ts", { "babel.config.json": config.code, ...app, "out/package.json": TYPE_COMMONJS });
    const outputs = babelProject(dir, Object.keys(app), path.join(dir, "out"));
    expectMeta(Object.values(outputs).join("\n"), APP_FUNCTIONS);
    for (const [file, code] of Object.entries(outputs)) {
      expectCompiledByColoop(code, file);
      // preset-typescript must not elide the runtime import the plugin adds
      expect(code, file).toMatch(/require\("@coloop\/runtime\/core"\)/);
      expect(syntaxOf(code), `${file} is ES5 (preset-env without targets)`).toEqual([]);
    }
    expectRun(await node("out/src/main.js", dir), reference, "Babel with TypeScript");
  });

  it("the embedded config: a plain script on duk and mujs after coloop.global.js", async () => {
    const config = readmeBlock("babel-embedded");
    expect(config.lang).toBe("json");
    const reference = await runNative("embedded", { "app.js": SCRIPT_APP }, "app.js");
    const dir = project("embedded", { "babel.config.json": config.code, "app.js": SCRIPT_APP });
    const compiled = babelProject(dir, ["app.js"], path.join(dir, "out"))["app.js"];
    expectCompiledByColoop(compiled, "app.js");
    expectMeta(compiled, APP_FUNCTIONS);
    expect(syntaxOf(compiled), "app.js is ES5").toEqual([]);
    expect(compiled, "reads the coloop global, imports nothing").not.toMatch(/\brequire\(|^\s*(import|export)\b/m);
    expect(compiled, "LoopPromise in place of Promise").not.toMatch(/new Promise\b/);
    const script = [fs.readFileSync(RUNTIME_GLOBAL, "utf8"), ENGINE_PRELUDE, compiled, ENGINE_EPILOGUE].join("\n");
    const file = path.join(dir, "engine.js");
    fs.writeFileSync(file, script);
    for (const engine of ["duk", "mujs"]) {
      if (!hasBinary(engine)) {
        reportSkipped(engine, "the README's embedded configuration on " + engine);
        continue;
      }
      expectRun(await run(engine, [file], { cwd: dir }), reference, "the embedded config on " + engine);
    }
  });

  it("the Rollup config: bundles main.js importing ./store (a .ts module) and runs", async () => {
    const config = readmeBlock("rollup");
    expect(config.lang).toBe("js");
    expect(config.code).toMatch(/^\/\/ rollup\.config\.mjs\n/);
    const input = /input:\s*"([^"]+)"/.exec(config.code)![1];
    const output = /file:\s*"([^"]+)"/.exec(config.code)![1];
    const app = { [path.join(path.dirname(input), "store.ts")]: STORE_TS, [input]: mainJs("./store") };
    const reference = await runNative("rollup", app, input);
    const dir = project("rollup", {
      "package.json": TYPE_MODULE,
      "rollup.config.mjs": config.code,
      ...app,
      // rollup's JS API with the config file as it is, run from the project's directory
      "build.mjs": [
        'import { rollup } from "rollup";',
        'import config from "./rollup.config.mjs";',
        "const bundle = await rollup(config);",
        "await bundle.write(config.output);",
        "await bundle.close();",
      ].join("\n"),
    });
    const build = await node("build.mjs", dir);
    expect({ code: build.code, stderr: build.stderr }).toEqual({ code: 0, stderr: "" });
    const bundle = fs.readFileSync(path.join(dir, output), "utf8");
    expectMeta(bundle, APP_FUNCTIONS);
    expectCompiledByColoop(bundle, "the bundle");
    expectRun(await node(output, dir), reference, "the Rollup bundle");
  });

  it("the Vite build with the README's babel(...) entry: .ts resolved, bundled, run", async () => {
    const entry = babelEntry(readmeBlock("rollup").code);
    const input = "src/main.js";
    const app = { "src/store.ts": STORE_TS, [input]: mainJs("./store") };
    const reference = await runNative("vite", app, input);
    const dir = project("vite", {
      "package.json": TYPE_MODULE,
      ...app,
      "build.mjs": [
        'import { build } from "vite";',
        'import { babel } from "@rollup/plugin-babel";',
        "await build({",
        "  configFile: false,",
        "  root: process.cwd(),",
        '  logLevel: "silent",',
        `  plugins: [${entry}],`,
        `  build: { outDir: "dist", minify: false, lib: { entry: ${JSON.stringify(input)}, formats: ["es"], fileName: "main" } },`,
        "});",
      ].join("\n"),
    });
    const build = await node("build.mjs", dir);
    expect({ code: build.code, stderr: build.stderr }).toEqual({ code: 0, stderr: "" });
    const files = fs.readdirSync(path.join(dir, "dist"));
    expect(files).toHaveLength(1);
    const bundle = fs.readFileSync(path.join(dir, "dist", files[0]), "utf8");
    expectMeta(bundle, APP_FUNCTIONS);
    expectCompiledByColoop(bundle, "the bundle");
    expectRun(await node("dist/" + files[0], dir), reference, "the Vite bundle");
  });
});
