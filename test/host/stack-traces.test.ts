/**
 * Stack traces of compiled code on Node: a throw after awaits shows the
 * failing function's frame, then one `at async name (file:line:col)` line
 * per awaiting async function at its await, as V8 prints them for native
 * async functions (error-stack.ts); with `--enable-source-maps` the
 * runtime's own frames point at its TypeScript sources. On Duktape and MuJS
 * (no own writable `stack`) the errors are left as they are.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileForEngine, compileForNode } from "../support/compile";
import { ENGINE_EPILOGUE, ENGINE_PRELUDE, RUNTIME_CJS, RUNTIME_GLOBAL, hasBinary, reportSkipped, run, tempFile } from "../support/engines";
import * as fs from "node:fs";

const PROGRAM = `
async function failing() {
  await null;
  await null;
  throw new Error("boom");
}
async function load() {
  const value = await failing();
  return value;
}
async function main() {
  try {
    await load();
  } catch (e) {
    console.log(e.stack);
  }
}
main();
`;

// the await sites, 1-based as V8 prints them: load's `await failing()`, main's `await load()`
const LOAD_AWAIT = "8:17";
const MAIN_AWAIT = "13:5";

/**
 * The native program and the compiled one; the compiled code records the
 * native file's name for its await sites, so both print the same positions.
 */
function programs(tag: string): { native: string; compiled: string } {
  const native = tempFile(`stack-traces-${tag}.native.cjs`, PROGRAM);
  const compiled = tempFile(
    `stack-traces-${tag}.compiled.cjs`,
    compileForNode(PROGRAM, native, { runtime: RUNTIME_CJS, promise: "native" }),
  );
  return { native, compiled };
}

const asyncLines = (stack: string) => stack.split("\n").filter((l) => l.trim().startsWith("at async "));

describe("stack traces on Node", () => {
  it("name the failing function first, then each awaiting function at its await, as natively", async () => {
    const { native, compiled } = programs("node");
    const ours = await run(process.execPath, [compiled]);
    const reference = await run(process.execPath, [native]);
    expect(ours.stderr).toBe("");
    const lines = ours.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("Error: boom");
    expect(lines[1]).toMatch(/^ {4}at failing \(/);
    expect(asyncLines(ours.stdout)).toEqual([`    at async load (${native}:${LOAD_AWAIT})`, `    at async main (${native}:${MAIN_AWAIT})`]);
    // the same lines, in the same order, as V8 prints for the native program
    expect(asyncLines(ours.stdout)).toEqual(asyncLines(reference.stdout));
    // appended once, after the synchronous frames
    const first = lines.findIndex((l) => l.trim().startsWith("at async "));
    expect(lines.slice(first)).toEqual(asyncLines(ours.stdout));
  });

  it("without locations, the lines name the awaiting functions alone", async () => {
    const file = tempFile("stack-traces-no-locations.compiled.cjs", compileForNode(PROGRAM, "x.js", { runtime: RUNTIME_CJS, promise: "native", locations: false }));
    const ours = await run(process.execPath, [file]);
    expect(ours.stderr).toBe("");
    expect(asyncLines(ours.stdout)).toEqual(["    at async load", "    at async main"]);
  });

  it("with --enable-source-maps, the runtime's frames point at its TypeScript sources", async () => {
    const { compiled } = programs("maps");
    const ours = await run(process.execPath, ["--enable-source-maps", compiled]);
    expect(ours.stderr).toBe("");
    const runtimeFrames = ours.stdout.split("\n").filter((l) => l.indexOf(path.join("packages", "runtime")) >= 0);
    expect(runtimeFrames.length).toBeGreaterThan(0);
    for (const line of runtimeFrames) expect(line).toMatch(/packages[\\/]runtime[\\/]src[\\/][\w-]+\.ts:\d+:\d+\)?$/);
    expect(asyncLines(ours.stdout).map((l) => l.trim().split(" (")[0])).toEqual(["at async load", "at async main"]);
  });

  it("few runtime frames lie between the resumed body and the host", async () => {
    const { compiled } = programs("frames");
    const ours = await run(process.execPath, [compiled]);
    const lines = ours.stdout.split("\n");
    const runtime = lines.filter((l) => l.indexOf(path.dirname(RUNTIME_CJS) + path.sep) >= 0).map((l) => l.trim().split(" (")[0]);
    // the body's caller, the task's wake-up, the loop running one job and its host wake-up
    expect(runtime.slice(0, 4)).toEqual(["at step", "at Task._wakeup", "at EventLoop._runJobOfWake", "at EventLoop._hostWake"]);
    expect(runtime.length).toBeLessThanOrEqual(6);
  });

  it("leave errors not captured in the failing body, frozen errors and thrown non-errors as they are", async () => {
    const program = `
const shared = new Error("shared");
const frozen = Object.freeze(new Error("frozen"));
async function throws(what) {
  await null;
  if (what === "shared") throw shared;
  if (what === "frozen") throw frozen;
  if (what === "limit") throw new Error("limit");
  throw "a string";
}
async function caller(what) {
  await throws(what);
}
(async () => {
  for (const what of ["shared", "frozen", "string"]) {
    try {
      await caller(what);
    } catch (e) {
      console.log(typeof e === "string" ? e : e.message + " " + asyncLines(e.stack));
    }
  }
  Error.stackTraceLimit = 0; // no frames at all
  try {
    await caller("limit");
  } catch (e) {
    console.log(e + " " + asyncLines(e.stack));
  }
})();
function asyncLines(stack) {
  return stack.split("\\n").filter((l) => l.trim().startsWith("at async ")).length;
}
`;
    const native = tempFile("stack-traces-untouched.native.cjs", program);
    const compiled = tempFile("stack-traces-untouched.compiled.cjs", compileForNode(program, native, { runtime: RUNTIME_CJS, promise: "native" }));
    const reference = await run(process.execPath, [native]);
    const ours = await run(process.execPath, [compiled]);
    expect(reference.stdout).toBe("shared 0\nfrozen 0\na string\nError: limit 0\n");
    expect(ours.stderr).toBe("");
    expect(ours.stdout).toBe(reference.stdout);
  });

  for (const engine of ["duk", "mujs"]) {
    it(`on ${engine}, errors keep their own stack and nothing breaks`, async () => {
      if (!hasBinary(engine)) {
        reportSkipped(engine, "the stack-trace check on " + engine);
        return;
      }
      const program = PROGRAM.replace("console.log(e.stack);", 'console.log(e.message + " " + (typeof e.stack === "string" && e.stack.indexOf("at async") >= 0));');
      const script = fs.readFileSync(RUNTIME_GLOBAL, "utf8") + "\n" + ENGINE_PRELUDE + "\n" + compileForEngine(program, "stack.js") + "\n" + ENGINE_EPILOGUE;
      const result = await run(engine, [tempFile(`stack-traces.${engine}.js`, script)]);
      expect(result.stdout).toBe("boom false\n");
      expect(result.code).toBe(0);
    });
  }
});
