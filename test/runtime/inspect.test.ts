import { describe, expect, it } from "vitest";
import { LoopPromise, formatSite, sleep, startCoroutine, type Task, type TaskInfo } from "../../packages/runtime/src/index";
import { awaiter } from "./coroutines";
import { virtualLoop } from "./helpers";

/**
 *     async function main() { await child(); }     // main.js:3:5
 *     async function child() { await sleep(100); } // main.js:7:5
 */
function child(): Task<unknown> {
  return awaiter(sleep(100), { n: "child", f: "main.js", a: [1, 7, 5, "sleep(100)"] });
}
function main(): Task<unknown> {
  return awaiter(child(), { n: "main", f: "main.js", a: [1, 3, 5, "child()"] });
}

describe("loop.tasks()", () => {
  it("describes every live task: state, site, what it awaits, who awaits it", () => {
    const loop = virtualLoop();
    const m = loop.createTask(main, { name: "main-task" });
    const f = loop.createFuture();
    const w = loop.createTask(() => awaiter(f, { n: "waiter" }), { name: "w" });
    const p = loop.createTask(() => awaiter(new LoopPromise(() => {}), { n: "promised" }), { name: "p" });
    const v = loop.createTask(() => awaiter(5, { n: "valued" }), { name: "v" });
    const infos = loop.tasks();
    const byName: { [name: string]: TaskInfo } = {};
    for (const info of infos) byName[info.name] = info;
    const c = infos.filter((i) => i.coroutine === "child")[0];
    expect(byName["main-task"]).toEqual({
      id: (m as any)._id,
      name: "main-task",
      coroutine: "main",
      state: "pending",
      site: { file: "main.js", line: 3, column: 5, text: "child()" },
      awaiting: { kind: "task", id: c.id, description: "task " + c.name + " (child)" },
      awaitedBy: [],
    });
    expect(c.coroutine).toBe("child");
    expect(c.awaiting).toEqual({ kind: "timer", description: "timer due at 100 ms" });
    expect(c.awaitedBy).toEqual([(m as any)._id]);
    expect(byName.w.awaiting).toEqual({ kind: "future", description: "future" });
    expect(byName.p.awaiting).toEqual({ kind: "promise", description: "promise" });
    expect(byName.v.awaiting).toEqual({ kind: "value", description: "a value (resuming)" });
    // oldest first: child() is called (and its task made) before main's
    expect(infos.map((i) => i.name)).toEqual([c.name, "main-task", "w", "p", "v"]);
    f.setResult(1);
    loop.runUntilIdle();
    expect(loop.tasks().map((i) => i.name)).toEqual(["p"]);
    expect(w.done() && v.done() && m.done()).toBe(true);
    expect(p.done()).toBe(false);
  });

  it("shows the running task as running, without a site", () => {
    const loop = virtualLoop();
    let mine: TaskInfo | undefined;
    loop.createTask(() =>
      startCoroutine(function (co) {
        mine = loop.tasks()[0];
        co.s = -1;
      }),
    );
    expect(mine!.state).toBe("running");
    expect(mine!.site).toBeNull();
    expect(mine!.awaiting).toBeNull();
  });
});

describe("loop.dump()", () => {
  it("renders the tasks as a tree, awaiter above the task it awaits", () => {
    const loop = virtualLoop();
    loop.createTask(main, { name: "main-task" });
    loop.createTask(() => awaiter(loop.createFuture(), { n: "idle" }), { name: "idle-task" });
    loop.advance(10);
    const lines = loop.dump().split("\n");
    expect(lines[0]).toBe("Event loop at 10 ms: 3 live tasks");
    expect(lines[1]).toBe("main-task (main) [pending] at main.js:3:5 `await child()`");
    expect(lines[2]).toMatch(/^    └─ Task-\d+ \(child\) \[pending\] at main\.js:7:5 `await sleep\(100\)`$/);
    expect(lines[3]).toBe("          awaits timer due at 100 ms");
    expect(lines[4]).toBe("idle-task (idle) [pending]");
    expect(lines[5]).toBe("   awaits future");
    expect(lines.length).toBe(6);
  });

  it("says so when nothing is live", () => {
    expect(virtualLoop().dump()).toBe("Event loop at 0 ms: 0 live tasks");
  });
});

describe("formatSite", () => {
  it("formats file:line:column and the awaited text", () => {
    expect(formatSite({ file: "a.js", line: 1, column: 2, text: "x" })).toBe("a.js:1:2 `await x`");
    expect(formatSite({ file: null, line: 1, column: 2, text: "x" })).toBe("1:2 `await x`");
  });
});
