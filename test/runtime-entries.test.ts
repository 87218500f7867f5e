/**
 * The runtime's entries as a package user meets them: resolved through the
 * package's `exports`, and bundled by Rollup + node-resolve, which trusts
 * the package's `sideEffects`. The core entry must carry what compiled code
 * needs and nothing of the opt-in layers; the index and promise entries
 * must keep the modules that add methods to the core classes, even when
 * the app imports only a class from them.
 */
import { rollup } from "rollup";
import nodeResolve from "@rollup/plugin-node-resolve";
import * as path from "node:path";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const requireFromRoot = createRequire(path.join(ROOT, "package.json"));

async function bundle(source: string): Promise<string> {
  const b = await rollup({
    input: "entry",
    plugins: [
      { name: "entry", resolveId: (id) => (id === "entry" ? id : null), load: (id) => (id === "entry" ? source : null) },
      nodeResolve({ rootDir: ROOT }),
    ],
    onwarn: () => {},
  });
  const { output } = await b.generate({ format: "cjs" });
  await b.close();
  return output[0].code;
}

function runBundle(code: string): unknown {
  const module = { exports: {} as Record<string, unknown> };
  new Function("module", "exports", code)(module, module.exports);
  return module.exports.result;
}

describe("the runtime's entries", () => {
  it("every entry shares one instance of each class (Node, through exports)", () => {
    const index = requireFromRoot("@coloop/runtime");
    const core = requireFromRoot("@coloop/runtime/core");
    const promise = requireFromRoot("@coloop/runtime/promise");
    const protocol = requireFromRoot("@coloop/runtime/protocol");
    expect(core.Task).toBe(index.Task);
    expect(core.EventLoop).toBe(index.EventLoop);
    expect(promise.LoopPromise).toBe(index.LoopPromise);
    expect(protocol.DONE).toBe(index.protocol.DONE);
    expect(typeof index.EventLoop.prototype.tasks).toBe("function");
  });

  it("the core and promise entries export every helper the plugin may emit (protocol.ts)", () => {
    const core = requireFromRoot("@coloop/runtime/core");
    const promise = requireFromRoot("@coloop/runtime/promise");
    const protocol = requireFromRoot("@coloop/runtime/protocol");
    for (const name of protocol.CORE_HELPERS) expect(typeof core[name], name).toBe("function");
    for (const name of protocol.PROMISE_HELPERS) expect(typeof promise[name], name).toBe("function");
  });

  it("a bundle of the core entry runs compiled code and carries no opt-in layer", async () => {
    const code = await bundle(`
      import { enterCoroutine, leaveCoroutine, EventLoop, setEventLoop } from "@coloop/runtime/core";
      const loop = new EventLoop({ host: "manual" });
      setEventLoop(loop);
      // what the plugin emits for: async function f(x) { return (await x) + 1 }
      function f(x) {
        const body = (co, v) => {
          if (co.s === 0) { co.s = 1; return x; }
          co.s = -1; return v + 1;
        };
        const task = enterCoroutine(body, { n: "f" });
        return leaveCoroutine(task, body(task));
      }
      const task = f(41);
      loop.runUntilIdle();
      export const result = task.result();
    `);
    expect(runBundle(code)).toBe(42);
    // none of the opt-in modules' code: runners, inspection, instrumentation, statics, combinators, primitives
    const codeOnly = code.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect(codeOnly).not.toMatch(/prototype\.(runUntilComplete|tasks|on|createTask) =|snapshotTasks|allSettled|FIRST_COMPLETED|Semaphore|TaskGroup|QueueFull/);
  });

  it("the promise entry keeps LoopPromise's statics in a bundle", async () => {
    const code = await bundle(`
      import { LoopPromise } from "@coloop/runtime/promise";
      export const result = typeof LoopPromise.all + " " + typeof LoopPromise.race + " " + typeof LoopPromise.allSettled;
    `);
    expect(runBundle(code)).toBe("function function function");
  });

  it("the index entry keeps the loop's added methods in a bundle that imports only EventLoop", async () => {
    const code = await bundle(`
      import { EventLoop } from "@coloop/runtime";
      const p = EventLoop.prototype;
      export const result = [p.tasks, p.dump, p.on, p.runUntilComplete, p.step, p.createTask, p.allTasks].map((f) => typeof f).join(" ");
    `);
    expect(runBundle(code)).toBe("function function function function function function function");
  });
});
