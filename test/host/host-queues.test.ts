/**
 * With `promise: "loop"` the plugin takes `Promise` and `queueMicrotask` onto
 * the loop, not Node's `process.nextTick`: the tick queue is a host queue of
 * its own, which Node drains before the microtask queue (and so before the
 * host microtask that runs the loop's jobs). The order stays native for code
 * that runs in jobs (compiled async functions, promise reactions,
 * microtasks) and in host callbacks (timers, immediates, I/O); it differs in
 * a callback the loop runs itself (`loop.callSoon`/`callLater`), where the
 * jobs it queues run before the loop hands back to the host, so before a
 * tick queued next to them. That boundary is asserted below as it is.
 *
 * Native promises the program still meets (from Node's APIs, or the host's
 * Promise reached some other way) keep their own queue too, but where the
 * host has a Promise the loop runs each job in a host microtask of its own,
 * so a native reaction queued between two loop jobs runs between them, as
 * natively. Asserted below too.
 */
import { describe, expect, it } from "vitest";
import { compileForNode } from "../support/compile";
import { RUNTIME_CJS, run, tempFile } from "../support/engines";

const PROGRAM = `
const log = (s) => console.log(s);
async function t(name) {
  process.nextTick(() => log(name + ": tick"));
  queueMicrotask(() => log(name + ": microtask"));
  await null;
  log(name + ": resumed");
  process.nextTick(() => log(name + ": tick 2"));
  await Promise.resolve();
  log(name + ": resumed 2");
}
process.nextTick(() => {
  log("tick 1");
  queueMicrotask(() => log("microtask from tick"));
  process.nextTick(() => log("tick from tick"));
});
queueMicrotask(() => {
  log("microtask 1");
  process.nextTick(() => log("tick from microtask"));
  Promise.resolve().then(() => log("then from microtask"));
});
t("a");
setTimeout(() => {
  process.nextTick(() => log("timeout: tick"));
  queueMicrotask(() => log("timeout: microtask"));
  t("b");
}, 1);
log("sync end");
`;

describe("host queues next to the loop", () => {
  it("stays Node's own queue: not rewritten, and in native order around jobs and host callbacks", async () => {
    const compiled = compileForNode(PROGRAM, "next-tick.js", { runtime: RUNTIME_CJS, promise: "loop" });
    expect(compiled).toContain("process.nextTick(");
    expect(compiled).not.toMatch(/[^.]queueMicrotask\(/); // every queueMicrotask is the runtime's
    const native = await run(process.execPath, [tempFile("next-tick.native.cjs", PROGRAM)]);
    const ours = await run(process.execPath, [tempFile("next-tick.compiled.cjs", compiled)]);
    expect(native.stdout.split("\n")).toContain("tick from microtask");
    expect(ours.stderr).toBe("");
    expect(ours.stdout).toBe(native.stdout);
  });

  it("in a callback the loop runs itself, the jobs it queues run before a tick queued beside them", async () => {
    const program = `
const { getEventLoop } = require(${JSON.stringify(RUNTIME_CJS)});
const log = (s) => console.log(s);
getEventLoop().callSoon(() => {
  process.nextTick(() => log("tick"));
  queueMicrotask(() => log("microtask"));
  Promise.resolve().then(() => log("then"));
});
setImmediate(() => {
  process.nextTick(() => log("immediate: tick"));
  queueMicrotask(() => log("immediate: microtask"));
});
`;
    const compiled = compileForNode(program, "loop-callback.js", { runtime: RUNTIME_CJS, promise: "loop" });
    const ours = await run(process.execPath, [tempFile("next-tick-loop-callback.cjs", compiled)]);
    expect(ours.stderr).toBe("");
    // natively (a setImmediate callback) the tick would come first, as it does for the host's own callback
    expect(ours.stdout.split("\n").filter(Boolean)).toEqual(["microtask", "then", "tick", "immediate: tick", "immediate: microtask"]);
  });

  it("a native promise reaction queued between two loop microtasks runs between them (one host microtask per loop job)", async () => {
    const program = `
const log = (s) => console.log(s);
const HostPromise = globalThis["Prom" + "ise"]; // not rewritten: the host's Promise
queueMicrotask(() => log("loop 1"));
HostPromise.resolve().then(() => log("native"));
queueMicrotask(() => log("loop 2"));
`;
    const native = await run(process.execPath, [tempFile("host-queues-native-promise.native.cjs", program)]);
    const compiled = compileForNode(program, "native-promise.js", { runtime: RUNTIME_CJS, promise: "loop" });
    const ours = await run(process.execPath, [tempFile("host-queues-native-promise.compiled.cjs", compiled)]);
    expect(native.stdout).toBe("loop 1\nnative\nloop 2\n");
    expect(ours.stderr).toBe("");
    expect(ours.stdout).toBe(native.stdout);
  });
});
