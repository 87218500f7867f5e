/**
 * The load test's workload, plain JS so that the vitest suite (against the
 * sources) and a child `node --expose-gc` (against the build) run the same
 * code: task i awaits sleep(i % 50) (even i) or a future that a timer
 * completes (odd i), then returns i. `keepWeak` sees every 1000th task.
 */
function workload(rt, n, keepWeak) {
  const loop = new rt.EventLoop({ clock: new rt.VirtualClock() });
  const counter = { done: 0, sum: 0 };
  loop.callSoon(function () {
    for (let i = 0; i < n; i++) {
      let awaited;
      if (i % 2 === 0) awaited = rt.sleep(i % 50);
      else {
        const f = loop.createFuture();
        loop.callLater(i % 70, function () {
          f.setResult(i);
        });
        awaited = f;
      }
      const t = rt.startCoroutine(function (co, v) {
        if (co.s === 0) {
          co.s = 1;
          return awaited;
        }
        counter.done++;
        co.s = -1;
        return i;
      });
      t.addDoneCallback(function (d) {
        counter.sum += d.result();
      });
      if (i % 1000 === 0) keepWeak(t);
    }
  });
  loop.runUntilIdle();
  return { loop, counter };
}

module.exports = { workload };
