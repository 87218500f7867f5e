/**
 * AsyncLocalStorage survives await: a compiled task resumes in the context
 * current at its await, LoopPromise reactions run in the context of their
 * `then`, loop callbacks in the context of their callSoon/callLater, as
 * native continuations, reactions and timers do. Programs run natively and
 * compiled three ways (programs.ts); outputs must be identical.
 */
import { describe, expect, it } from "vitest";
import { COMPILED_WAYS, WAYS, runWay } from "./programs";
import { RUNTIME_CJS } from "../support/engines";

async function sameAsNative(name: string, code: string): Promise<string> {
  const results = await Promise.all(WAYS.map((way) => runWay(way, name, code)));
  const native = results[0];
  expect(native.stderr).toBe("");
  WAYS.forEach((way, i) => {
    expect({ way, code: results[i].code, stdout: results[i].stdout, stderr: results[i].stderr }).toEqual({
      way,
      code: 0,
      stdout: native.stdout,
      stderr: "",
    });
  });
  return native.stdout;
}

const HEADER = `
const { AsyncLocalStorage } = require("node:async_hooks");
const als = new AsyncLocalStorage();
const sleep = (ms, v) => new Promise((r) => setTimeout(() => r(v), ms));
`;

describe.concurrent("AsyncLocalStorage across awaits, as natively", () => {
  it("two concurrent requests each see their own store after every await", async () => {
    const out = await sameAsNative(
      "als-requests",
      HEADER +
        `async function inner() { await null; return als.getStore(); }
         async function handle(id) {
           const seen = [als.getStore()];
           await sleep(10 * id);
           seen.push(als.getStore());
           seen.push(await inner());
           await Promise.resolve(1).then(() => seen.push(als.getStore()));
           seen.push(await new Promise((r) => setTimeout(() => r(als.getStore()), 1)));
           await Promise.all([inner(), sleep(1)]);
           seen.push(als.getStore());
           console.log("req " + id + ": " + seen.join(" "));
         }
         als.run(1, () => handle(1));
         als.run(2, () => handle(2));
         console.log("outside:", als.getStore());`,
    );
    expect(out).toBe("outside: undefined\nreq 1: 1 1 1 1 1 1\nreq 2: 2 2 2 2 2 2\n");
  });

  it("nested runs, enterWith, and the store seen by a then on the task", async () => {
    const out = await sameAsNative(
      "als-nested",
      HEADER +
        `async function ew() {
           als.enterWith("x");
           await null;
           console.log("after enterWith:", als.getStore());
           await als.run("y", async () => { await sleep(1); console.log("nested:", als.getStore()); });
           console.log("after nested:", als.getStore());
           als.enterWith("z");
           await sleep(1);
           console.log("after second enterWith:", als.getStore());
         }
         const done = als.run("outer", () => ew().then(() => console.log("then:", als.getStore())));
         als.run("other", async () => { await done; console.log("other:", als.getStore()); });`,
    );
    expect(out).toBe(
      "after enterWith: x\nnested: y\nafter nested: x\nafter second enterWith: z\nthen: x\nother: other\n",
    );
  });

  it("a task started in one context and awaited from another keeps its own", async () => {
    await sameAsNative(
      "als-cross",
      HEADER +
        `async function child(tag) { await sleep(2); console.log(tag, "child sees", als.getStore()); return als.getStore(); }
         let t;
         als.run("A", () => { t = child("t"); });
         als.run("B", async () => {
           const v = await t;
           console.log("B got", v, "and is in", als.getStore());
           const [x, y] = await Promise.all([als.run("C", () => child("c")), child("b")]);
           console.log("all:", x, y, als.getStore());
         });`,
    );
  });
});

describe.concurrent("compiled only: the loop's own scheduling keeps the context", () => {
  it("gather, createTask, callSoon, callLater, sleep and LoopPromise then", async () => {
    const code =
      HEADER +
      `const rt = require(${JSON.stringify(RUNTIME_CJS)});
       const loop = rt.getEventLoop();
       async function work(tag) { await rt.sleep(1); return tag + "=" + als.getStore(); }
       async function request(id) {
         const parts = await rt.gather(work("g1"), work("g2"));
         const t = loop.createTask(() => work("task"));
         parts.push(await t);
         await new rt.LoopPromise((r) => loop.callSoon(() => { parts.push("soon=" + als.getStore()); r(); }));
         await new rt.LoopPromise((r) => loop.callLater(2, () => { parts.push("later=" + als.getStore()); r(); }));
         await rt.LoopPromise.resolve().then(() => parts.push("then=" + als.getStore()));
         await rt.sleep(3 - id);
         console.log(id, parts.join(" "), als.getStore());
       }
       als.run(1, () => request(1));
       als.run(2, () => request(2));`;
    for (const way of COMPILED_WAYS) {
      const r = await runWay(way, "als-loop", code);
      expect({ way, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        way,
        code: 0,
        stdout:
          "2 g1=2 g2=2 task=2 soon=2 later=2 then=2 2\n" + "1 g1=1 g2=1 task=1 soon=1 later=1 then=1 1\n",
        stderr: "",
      });
    }
  });
});
