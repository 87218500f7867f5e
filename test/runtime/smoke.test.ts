import { describe, expect, it } from "vitest";
import { EventLoop, VirtualClock, startCoroutine, sleep } from "../../packages/runtime/src/index";

describe("a hand-written coroutine on a virtual clock", () => {
  it("awaits a future and a sleep, and resumes at the right virtual times", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const f = loop.createFuture<number>();
    loop.callLater(5, () => f.setResult(42));
    const seen: string[] = [];
    const t = loop.runUntilComplete(() =>
      startCoroutine(function (co, v) {
        for (;;)
          switch (co.s) {
            case 0:
              co.s = 1;
              return f;
            case 1:
              seen.push(`got ${v} at ${loop.time()}`);
              co.s = 2;
              return sleep(20);
            case 2:
              co.s = -1;
              return 43;
          }
      }),
    );
    expect(t).toBe(43);
    expect(seen).toEqual(["got 42 at 5"]);
    expect(loop.time()).toBe(25);
  });
});
