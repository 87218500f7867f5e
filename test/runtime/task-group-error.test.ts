/**
 * TaskGroupError is an AggregateError where the host has one (Node: the
 * prototype chain reaches AggregateError.prototype, `.errors` is an own
 * array, Node prints it as an AggregateError), and an Error of the same
 * shape on ES5 hosts (Duktape, MuJS, a realm without AggregateError).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { inspect } from "node:util";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { LoopPromise, TaskGroup, TaskGroupError, startCoroutine, type Task } from "../../packages/runtime/src/index";
import { hasBinary, reportSkipped, run, tempFile } from "../support/engines";
import { virtualLoop } from "./helpers";

/** A task that has failed with `error` at its first step. */
function failed(error: unknown): Task<never> {
  return startCoroutine<never>(function () {
    throw error;
  });
}

describe("TaskGroupError on a host with AggregateError", () => {
  it("a failing group throws an AggregateError whose errors are the children's, in order", () => {
    const loop = virtualLoop();
    const a = new RangeError("a");
    const b = new TypeError("b");
    let caught: unknown = null;
    try {
      loop.runUntilComplete(() =>
        TaskGroup.run((tg) => {
          tg.createTask(failed(a));
          tg.createTask(failed(b));
          return "body";
        }),
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TaskGroupError);
    expect(caught).toBeInstanceOf(AggregateError);
    expect(caught).toBeInstanceOf(Error);
    const e = caught as TaskGroupError;
    expect(Array.isArray(e.errors)).toBe(true);
    expect(e.errors).toEqual([a, b]);
    expect(e.errors[0]).toBe(a);
    expect(e.name).toBe("TaskGroupError");
    expect(e.message).toBe("unhandled errors in a TaskGroup (2 sub-exceptions)");
    expect(String(e)).toBe("TaskGroupError: unhandled errors in a TaskGroup (2 sub-exceptions)");
    expect(typeof e.stack).toBe("string");
  });

  it("is built as AggregateError is: (errors, message?), with or without new; errors and message own and not enumerable", () => {
    const list = [1, "two"];
    const e = new TaskGroupError(list, "custom");
    expect(e.message).toBe("custom");
    expect(e.errors).toEqual([1, "two"]);
    expect(e.errors).not.toBe(list); // a copy, as AggregateError makes
    expect(Object.keys(e)).toEqual([]);
    const native = new AggregateError([1], "m");
    for (const key of ["errors", "message"] as const) {
      const mine = Object.getOwnPropertyDescriptor(e, key)!;
      const theirs = Object.getOwnPropertyDescriptor(native, key)!;
      expect([key, mine.enumerable, mine.writable, mine.configurable]).toEqual([key, theirs.enumerable, theirs.writable, theirs.configurable]);
    }
    const called = (TaskGroupError as (errors: unknown[]) => TaskGroupError)([new Error("x")]);
    expect(called).toBeInstanceOf(TaskGroupError);
    expect(called.message).toBe("unhandled errors in a TaskGroup (1 sub-exception)");
    expect(() => new TaskGroupError(undefined as unknown as unknown[])).toThrow(TypeError);
    // the message first (Python's ExceptionGroup order) is refused, not split into characters
    expect(() => new TaskGroupError("message" as unknown as unknown[])).toThrow("TaskGroupError(errors, message): errors must be an array");
  });

  it("Node prints it as it prints an AggregateError: by its name, then its [errors]", () => {
    const e = new TaskGroupError([new RangeError("inner")]);
    const printed = inspect(e);
    expect(printed.split("\n")[0]).toBe("TaskGroupError: unhandled errors in a TaskGroup (1 sub-exception)");
    expect(printed).toContain("[errors]: [");
    expect(printed).toContain("RangeError: inner");
    expect(TaskGroupError.name).toBe("TaskGroupError");
  });

  it("LoopPromise.any still rejects with the host's own AggregateError", () => {
    const loop = virtualLoop();
    let reason: unknown = null;
    loop.runUntilComplete(() => LoopPromise.any([LoopPromise.reject(1), LoopPromise.reject(2)]).then(null, (r) => (reason = r)));
    expect(Object.getPrototypeOf(reason)).toBe(AggregateError.prototype);
    expect((reason as AggregateError).errors).toEqual([1, 2]);
  });
});

/** ES5: a group whose two children fail at once; prints what a test checks. */
const ES5_SCRIPT = `
var c = coloop;
var loop = new c.EventLoop({ clock: new c.VirtualClock() });
function failed(error) {
  return c.startCoroutine(function () { throw error; });
}
var caught = null;
try {
  loop.runUntilComplete(function () {
    return c.TaskGroup.run(function (tg) {
      tg.createTask(failed(new RangeError("a")));
      tg.createTask(failed(new TypeError("b")));
      return "body";
    });
  });
} catch (e) {
  caught = e;
}
var hasAggregate = typeof AggregateError === "function";
print("host AggregateError: " + hasAggregate);
print("instanceof AggregateError: " + (hasAggregate ? caught instanceof AggregateError : "-"));
print("instanceof TaskGroupError, Error: " + (caught instanceof c.TaskGroupError) + ", " + (caught instanceof Error));
print("errors: " + Object.prototype.toString.call(caught.errors) + " " + caught.errors.length + " " + caught.errors[0].name + " " + caught.errors[1].name);
print("string: " + String(caught));
print("enumerable keys: " + Object.keys(caught).length);
var made = c.TaskGroupError([1, 2], "m");
print("made: " + (made instanceof c.TaskGroupError) + " " + made.message + " " + made.errors.length);
`;

function expected(hostAggregate: boolean): string {
  return [
    "host AggregateError: " + hostAggregate,
    "instanceof AggregateError: " + (hostAggregate ? "true" : "-"),
    "instanceof TaskGroupError, Error: true, true",
    "errors: [object Array] 2 RangeError TypeError",
    "string: TaskGroupError: unhandled errors in a TaskGroup (2 sub-exceptions)",
    "enumerable keys: 0",
    "made: true m 2",
    "",
  ].join("\n");
}

describe("TaskGroupError from the ES5 build (dist/coloop.global.js)", () => {
  const root = resolve(__dirname, "../..");
  const globalBuild = resolve(root, "packages/runtime/dist/coloop.global.js");
  let source = "";
  beforeAll(() => {
    if (!existsSync(globalBuild)) execFileSync("npm", ["run", "build", "-w", "@coloop/runtime"], { cwd: root, stdio: "ignore" });
    source = readFileSync(globalBuild, "utf8") + "\n" + ES5_SCRIPT;
  }, 120_000);

  function inRealm(withAggregate: boolean): string {
    let out = "";
    const sandbox = { print: (s: string) => (out += s + "\n") };
    runInNewContext((withAggregate ? "" : "delete globalThis.AggregateError;\n") + source, sandbox);
    return out;
  }

  it("a realm with AggregateError: an AggregateError", () => {
    expect(inRealm(true)).toBe(expected(true));
  });

  it("a realm without AggregateError: an Error of the same shape", () => {
    expect(inRealm(false)).toBe(expected(false));
  });

  for (const engine of ["duk", "mujs"]) {
    it(engine + ": an Error of the same shape", async () => {
      if (!hasBinary(engine)) {
        reportSkipped(engine, "the TaskGroupError check on " + engine);
        return;
      }
      const r = await run(engine, [tempFile("task-group-error-" + engine + ".js", source)]);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(expected(false));
      expect(r.code).toBe(0);
    });
  }
});
