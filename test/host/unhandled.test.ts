/**
 * No failure is silent: a compiled task (or LoopPromise) that fails with
 * nobody retrieving its outcome takes Node's own unhandled-rejection path,
 * exactly as the native async function's promise would: exit code, the error
 * Node prints, `unhandledRejection`/`rejectionHandled` listeners (with the
 * task as the promise), the --unhandled-rejections modes, and a rejection
 * handled within the same turn not reported. Each program runs natively and
 * compiled three ways (programs.ts); the compiled runs must match the native one.
 */
import { describe, expect, it } from "vitest";
import { COMPILED_WAYS, WAYS, errorLine, runWay, warningLines, type RunOptions } from "./programs";
import { RUNTIME_CJS } from "../support/engines";

interface Outcome {
  code: number;
  stdout: string;
  error: string | null;
  warnings: string[];
}

async function outcomes(name: string, code: string, options: RunOptions = {}): Promise<Record<string, Outcome>> {
  const results = await Promise.all(WAYS.map((way) => runWay(way, name, code, options)));
  const out: Record<string, Outcome> = {};
  WAYS.forEach((way, i) => {
    const r = results[i];
    out[way] = { code: r.code, stdout: r.stdout, error: errorLine(r.stderr), warnings: warningLines(r.stderr) };
  });
  return out;
}

/** Every compiled way behaves as native; returns the native outcome for the case's own checks. */
async function sameAsNative(name: string, code: string, options: RunOptions & { anyOrder?: boolean } = {}): Promise<Outcome> {
  const all = await outcomes(name, code, options);
  // anyOrder: native promise reactions mixed with loop jobs interleave closely but not exactly (README)
  const view = (o: Outcome) => (options.anyOrder ? { ...o, stdout: o.stdout.split("\n").sort().join("\n") } : o);
  for (const way of COMPILED_WAYS) expect({ way, ...view(all[way]) }).toEqual({ way, ...view(all.native) });
  return all.native;
}

const SYNC_THROW = `
async function main() { throw new Error("sync boom"); }
main();
console.log("sync end");
`;

describe.concurrent("unhandled failures exit as natively", () => {
  it("a throw before the first await: the error on stderr, exit 1", async () => {
    const native = await sameAsNative("sync-throw", SYNC_THROW);
    expect(native).toMatchObject({ code: 1, stdout: "sync end\n", error: "Error: sync boom" });
  });

  it("a throw after an await", async () => {
    const native = await sameAsNative(
      "late-throw",
      `async function main() { await null; await new Promise((r) => setTimeout(r, 2)); throw new RangeError("late boom"); }
       main();`,
    );
    expect(native).toMatchObject({ code: 1, error: "RangeError: late boom" });
  });

  it("a reason that is not an Error", async () => {
    const native = await sameAsNative("non-error", `async function main() { await null; throw 42; } main();`);
    expect(native.code).toBe(1);
    expect(native.error).toMatch(/^UnhandledPromiseRejection: This error originated .* reason "42"\.$/);
  });

  it("only the outermost of a chain of awaiting calls is reported", async () => {
    const native = await sameAsNative(
      "chain",
      `async function inner() { await new Promise((r) => setTimeout(r, 2)); throw new TypeError("deep"); }
       async function outer() { await inner(); }
       process.on("unhandledRejection", (reason, promise) => console.log("unhandled", reason.message, promise === top));
       const top = outer();`,
    );
    expect(native).toMatchObject({ code: 0, stdout: "unhandled deep true\n" });
  });

  it("a plain rejected promise (a LoopPromise under promise: loop)", async () => {
    const native = await sameAsNative("promise-reject", `Promise.reject(new Error("plain")); console.log("after");`);
    expect(native).toMatchObject({ code: 1, stdout: "after\n", error: "Error: plain" });
  });

  it("a failure handled within the same turn (then chains, awaits in native and compiled code) is not reported", async () => {
    const native = await sameAsNative(
      "handled-in-time",
      `async function fail(m) { throw new Error(m); }
       const a = fail("a");
       Promise.resolve().then(() => {}).then(() => a.catch((e) => console.log("caught", e.message)));
       (async () => { const b = fail("b"); await null; await null; try { await b; } catch (e) { console.log("awaited", e.message); } })();
       const c = fail("c");
       queueMicrotask(() => c.then(null, (e) => console.log("then", e.message)));`,
      { anyOrder: true },
    );
    expect(native).toMatchObject({ code: 0, error: null });
    expect(native.stdout.split("\n").sort()).toEqual(["", "awaited b", "caught a", "then c"]);
  });

  it("an unhandledRejection listener gets (reason, the task) and the process goes on", async () => {
    const native = await sameAsNative(
      "listener",
      `process.on("unhandledRejection", (reason, promise) => console.log("unhandledRejection", reason.message, promise === t));
       async function main() { await null; throw new Error("listened"); }
       const t = main();
       setTimeout(() => console.log("still running"), 5);`,
    );
    expect(native).toMatchObject({ code: 0, stdout: "unhandledRejection listened true\nstill running\n", error: null });
  });

  it("rejectionHandled fires when the task is awaited later, in a setTimeout", async () => {
    const native = await sameAsNative(
      "rejection-handled",
      `process.on("unhandledRejection", (r, p) => console.log("unhandled", r.message, p === t));
       process.on("rejectionHandled", (p) => console.log("rejectionHandled", p === t));
       async function main() { throw new Error("late handler"); }
       const t = main();
       setTimeout(async () => { try { await t; } catch (e) { console.log("caught", e.message); } }, 10);`,
    );
    expect(native.stdout).toBe("unhandled late handler true\ncaught late handler\nrejectionHandled true\n");
  });

  it("handled later with no listener: Node has already exited", async () => {
    const native = await sameAsNative(
      "too-late",
      `async function main() { throw new Error("too late"); }
       const t = main();
       setTimeout(() => t.catch(() => console.log("never printed")), 10);`,
    );
    expect(native).toMatchObject({ code: 1, stdout: "", error: "Error: too late" });
  });
});

describe.concurrent("--unhandled-rejections modes behave as natively", () => {
  for (const mode of ["warn", "none", "warn-with-error-code", "strict", "throw"]) {
    it(`--unhandled-rejections=${mode}`, async () => {
      const native = await sameAsNative("mode-" + mode, SYNC_THROW, { nodeArgs: [`--unhandled-rejections=${mode}`] });
      expect(native.code).toBe(mode === "warn" || mode === "none" ? 0 : 1);
    });
  }

  it("warn with a listener: the listener, then the warnings", async () => {
    const native = await sameAsNative(
      "mode-warn-listener",
      `process.on("unhandledRejection", (r) => console.log("listener", r.message));
       async function main() { await null; throw new Error("both"); }
       main();`,
      { nodeArgs: ["--unhandled-rejections=warn"] },
    );
    expect(native.stdout).toBe("listener both\n");
    expect(native.warnings[0]).toBe("(node:N) UnhandledPromiseRejectionWarning: Error: both");
  });
});

describe.concurrent("compiled only: what has no native counterpart", () => {
  it("a cancelled task is never reported", async () => {
    for (const way of COMPILED_WAYS) {
      const r = await runWay(
        way,
        "cancelled",
        `async function work() { await new Promise((r) => setTimeout(r, 50)); }
         const t = work();
         setTimeout(() => { t.cancel(); console.log("cancelled"); }, 1);`,
      );
      expect({ way, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ way, code: 0, stdout: "cancelled\n", stderr: "" });
    }
  });

  it("an exception handler set on the loop is the only path (asyncio)", async () => {
    for (const way of COMPILED_WAYS) {
      const r = await runWay(
        way,
        "handler",
        `require(${JSON.stringify(RUNTIME_CJS)}).getEventLoop().setExceptionHandler((loop, c) => console.log("handler:", c.message, c.exception.message));
         process.on("unhandledRejection", () => console.log("never"));
         async function main() { throw new Error("to the handler"); }
         main();`,
      );
      expect({ way, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        way,
        code: 0,
        stdout: "handler: Task exception was never retrieved to the handler\n",
        stderr: "",
      });
    }
  });
});

describe("browsers: an unhandledrejection event on the global object", () => {
  // Node without `process`, the global object an EventTarget: what the runtime sees in a browser
  const prelude = `
    const target = new EventTarget();
    globalThis.addEventListener = target.addEventListener.bind(target);
    globalThis.dispatchEvent = target.dispatchEvent.bind(target);
    delete globalThis.process;`;
  const program = `
    addEventListener("unhandledrejection", (e) => {
      console.log("unhandledrejection", e.reason.message, e.promise === (e.reason.message === "loud" ? t : q), e.cancelable);
      if (e.reason.message === "quiet") e.preventDefault();
    });
    addEventListener("rejectionhandled", (e) => console.log("rejectionhandled", e.promise === t));
    async function main(m) { await null; throw new Error(m); }
    const t = main("loud");
    const q = main("quiet");
    async function inTime() { throw new Error("in time"); }
    inTime().catch(() => console.log("caught in time"));
    setTimeout(() => t.catch(() => console.log("caught later")), 10);`;

  it("cancelable, with promise and reason; console.error unless prevented; rejectionhandled later", async () => {
    for (const way of COMPILED_WAYS) {
      const r = await runWay(way, "browser", program, { prelude });
      expect({ way, code: r.code, stdout: r.stdout }).toEqual({
        way,
        code: 0,
        stdout: "caught in time\nunhandledrejection loud true true\nunhandledrejection quiet true true\ncaught later\nrejectionhandled true\n",
      });
      expect(r.stderr).toMatch(/^Uncaught \(in promise\) Error: loud/);
      expect(r.stderr).not.toMatch(/quiet/);
    }
  });
});
