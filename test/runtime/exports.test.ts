import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../packages/runtime/src/index";

const CORE = [
  "EventLoop", "Future", "Task", "startCoroutine", "closeCoroutine", "LoopPromise", "installPromise",
  "CancelledError", "TimeoutError", "InvalidStateError", "getEventLoop", "setEventLoop", "runningLoop", "run",
  "sleep", "gather", "wait", "asCompleted", "shield", "currentTask", "allTasks",
  "FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED", "GatheringFuture", "TimerFuture",
  "timeout", "timeoutAt", "waitFor", "Timeout", "RealClock", "VirtualClock",
  "fifo", "seededRandom", "recording", "replay", "Handle", "TimerHandle", "formatSite", "protocol",
];

describe("exports", () => {
  it("the package exports the core API", () => {
    const missing = CORE.filter((name) => (runtime as any)[name] === undefined);
    expect(missing).toEqual([]);
    expect([runtime.FIRST_COMPLETED, runtime.FIRST_EXCEPTION, runtime.ALL_COMPLETED]).toEqual([
      "FIRST_COMPLETED",
      "FIRST_EXCEPTION",
      "ALL_COMPLETED",
    ]);
  });

  it("the protocol constants are the documented numbers", () => {
    const p = runtime.protocol;
    expect([p.DONE, p.LAND_RETURN, p.LAND_THROW, p.REGION_SIZE, p.SITE_SIZE]).toEqual([-1, 1, 2, 4, 4]);
    expect([p.COMPLETION_NORMAL, p.COMPLETION_RETURN, p.COMPLETION_THROW, p.COMPLETION_JUMP]).toEqual([0, 1, 2, 3]);
  });

  const root = resolve(__dirname, "../..");
  const file = resolve(root, "packages/runtime/dist/coloop.global.js");
  beforeAll(() => {
    if (!existsSync(file)) execFileSync("npm", ["run", "build", "-w", "@coloop/runtime"], { cwd: root, stdio: "ignore" });
  }, 120_000);

  it("dist/coloop.global.js defines a global coloop with every export of the package", () => {
    const sandbox: any = {};
    runInNewContext(readFileSync(file, "utf8"), sandbox);
    const names = Object.keys(runtime).sort();
    expect(Object.keys(sandbox.coloop).sort()).toEqual(names);
  });
});
