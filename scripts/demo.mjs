// `npm start`: compiles scripts/demo/orders.js with coloop and runs it on the
// loop in Node with globalThis.Promise deleted, then (when installed) in
// Duktape and MuJS after dist/coloop.global.js, each run ending with the
// loop's task dump.
import { transformSync } from "@babel/core";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import coloopPlugin from "../packages/babel-plugin/dist/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sourceFile = path.join(root, "scripts/demo/orders.js");
const source = fs.readFileSync(sourceFile, "utf8");
const runtimeGlobal = fs.readFileSync(path.join(root, "packages/runtime/dist/coloop.global.js"), "utf8");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "coloop-demo-"));
const plugin = coloopPlugin.default || coloopPlugin;

function compile(es5) {
  return transformSync(source, {
    filename: "scripts/demo/orders.js",
    cwd: root,
    babelrc: false,
    configFile: false,
    sourceType: "script",
    presets: es5 ? [["@babel/preset-env", { targets: { ie: "9" }, forceAllTransforms: true, modules: false }]] : [],
    plugins: [[plugin, { moduleType: "global", promise: "loop" }]],
  }).code;
}

function banner(title) {
  console.log("\n=== " + title + " " + "=".repeat(Math.max(0, 60 - title.length)));
}

function hasBinary(name) {
  try {
    execFileSync("sh", ["-c", "command -v " + name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const modern = compile(false);
banner("compiled output (the worker function)");
const start = modern.indexOf("function worker");
console.log(modern.slice(start, modern.indexOf("\nfunction ", start + 10)).trim());

banner("Node, with globalThis.Promise deleted");
const nodeFile = path.join(tmp, "node.cjs");
fs.writeFileSync(nodeFile, "delete globalThis.Promise;\n" + runtimeGlobal + "\n" + modern);
execFileSync(process.execPath, [nodeFile], { stdio: "inherit" });

// Embedded engines: no timers of their own, so the host drives the loop on a
// virtual clock: it jumps to the next timer when nothing else is ready.
const es5 = compile(true);
const embedded =
  runtimeGlobal +
  "\nvar __loop = new coloop.EventLoop({ clock: new coloop.VirtualClock() });\ncoloop.setEventLoop(__loop);\n" +
  "var console = { log: function (s) { print(s); } };\n" +
  "var setTimeout = function (fn, ms) { return __loop.callLater(ms, fn); };\n" +
  es5 +
  "\n__loop.runUntilIdle();\n";
for (const [engine, pkg] of [["duk", "duktape"], ["mujs", "mujs"]]) {
  if (!hasBinary(engine)) {
    banner(engine + ": SKIPPED (not installed: apt-get install -y " + pkg + ")");
    continue;
  }
  banner(engine + " (ES5, virtual clock)");
  const file = path.join(tmp, engine + ".js");
  fs.writeFileSync(file, embedded);
  execFileSync(engine, [file], { stdio: "inherit" });
}
