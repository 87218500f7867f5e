/**
 * The built runtime (dist/coloop.global.js) on engines without Promise:
 * Node with globalThis.Promise deleted, Duktape (`duk`) and MuJS (`mujs`).
 * One ES5 scenario runs on each; every output must equal the checked-in
 * expected output. A missing engine binary is reported loudly and only
 * that engine's check is skipped (CI installs both).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { parse } from "@babel/parser";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const globalBuild = resolve(root, "packages/runtime/dist/coloop.global.js");
const scenario = resolve(__dirname, "scenarios/runtime-scenario.js");
const expected = resolve(__dirname, "scenarios/runtime-scenario.expected.txt");

let script = "";

beforeAll(() => {
  if (!existsSync(globalBuild)) execFileSync("npm", ["run", "build", "-w", "@coloop/runtime"], { cwd: root, stdio: "ignore" });
  const dir = mkdtempSync(join(tmpdir(), "coloop-engines-"));
  script = join(dir, "runtime-scenario.js");
  writeFileSync(script, readFileSync(globalBuild, "utf8") + "\n" + readFileSync(scenario, "utf8"));
}, 120_000);

function onPath(binary: string): string | null {
  for (const dir of (process.env.PATH || "").split(delimiter)) {
    const candidate = join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function runEngine(binary: string, file: string): string {
  const r = spawnSync(binary, [file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(binary + " exited with " + r.status + ":\n" + r.stdout + r.stderr);
  return r.stdout;
}

describe("the runtime scenario on every engine", () => {
  it("Node without Promise prints the expected output", () => {
    const runner = [
      'const fs = require("fs");',
      "delete globalThis.Promise;",
      'globalThis.print = (s) => process.stdout.write(String(s) + "\\n");',
      `require("vm").runInThisContext(fs.readFileSync(${JSON.stringify(script)}, "utf8"), { filename: "runtime-scenario.js" });`,
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", runner], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(expected, "utf8"));
  });

  for (const [binary, pkg] of [
    ["duk", "duktape"],
    ["mujs", "mujs"],
  ]) {
    it(binary + " prints the expected output", () => {
      const path = onPath(binary);
      if (path === null) {
        console.warn(`SKIPPED: ${binary} not found on PATH (install ${pkg})`);
        return;
      }
      expect(runEngine(path, script)).toBe(readFileSync(expected, "utf8"));
    });
  }
});

/** Node types that ES5 does not have. */
const ES2015_PLUS = new Set([
  "ArrowFunctionExpression",
  "ClassDeclaration",
  "ClassExpression",
  "TemplateLiteral",
  "TaggedTemplateExpression",
  "SpreadElement",
  "RestElement",
  "ForOfStatement",
  "ObjectPattern",
  "ArrayPattern",
  "AssignmentPattern",
  "ObjectMethod",
  "YieldExpression",
  "AwaitExpression",
  "ImportDeclaration",
  "ExportNamedDeclaration",
  "ExportDefaultDeclaration",
  "MetaProperty",
  "OptionalMemberExpression",
  "OptionalCallExpression",
]);

function es2015Nodes(node: any, found: string[]): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const child of node) es2015Nodes(child, found);
    return;
  }
  if (typeof node.type === "string") {
    const where = node.loc ? ":" + node.loc.start.line : "";
    if (ES2015_PLUS.has(node.type)) found.push(node.type + where);
    if (node.type === "VariableDeclaration" && node.kind !== "var") found.push(node.kind + where);
    if ((node.type === "FunctionDeclaration" || node.type === "FunctionExpression") && (node.generator || node.async)) {
      found.push("generator/async function" + where);
    }
    if (node.type === "ObjectProperty" && (node.shorthand || node.computed)) found.push("shorthand/computed property" + where);
    if (node.type === "BinaryExpression" && node.operator === "**") found.push("** operator" + where);
  }
  for (const key of Object.keys(node)) {
    if (key !== "loc" && key !== "start" && key !== "end" && key !== "extra") es2015Nodes(node[key], found);
  }
}

describe("dist/coloop.global.js is ES5", () => {
  it("contains no ES2015+ syntax", () => {
    const ast = parse(readFileSync(globalBuild, "utf8"), { sourceType: "script" });
    const found: string[] = [];
    es2015Nodes(ast.program, found);
    expect(found).toEqual([]);
  });

  it("the check does find ES2015+ syntax", () => {
    const found: string[] = [];
    es2015Nodes(parse("let a = () => `x${[...b]}`; class C {}", { sourceType: "script" }).program, found);
    expect(found.map((f) => f.split(":")[0]).sort()).toEqual(
      ["ArrowFunctionExpression", "ClassDeclaration", "SpreadElement", "TemplateLiteral", "let"].sort(),
    );
  });
});
