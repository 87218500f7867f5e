// The runtime on an engine without Promise or timers: plain ES5, output via
// print() only. Run after dist/coloop.global.js (which defines `coloop`);
// every engine must print exactly runtime-scenario.expected.txt.
var c = coloop;
var CANCELLED_META = { n: "careful", f: "scenario.js", r: [1, 2, 4, 6], a: [1, 10, 7, "sleep(50)", 3, 14, 7, "sleep(5)", 5, 17, 7, "sleep(5)"] };

function section(name) {
  print("== " + name);
}

// async function worker(name, ms, value) { await sleep(ms); log(...); return value; }
function worker(loop, name, ms, value) {
  return c.startCoroutine(function (co, v) {
    for (;;) switch (co.s) {
      case 0:
        co.s = 1;
        return c.sleep(ms);
      case 1:
        print(name + " woke at " + loop.time());
        if (value instanceof Error) throw value;
        co.s = -1;
        return value;
    }
  }, { n: "worker" });
}

// async function careful(loop) {
//   try { await sleep(50); print("slept") }        resume point 1
//   catch (e) { print("caught"); await sleep(5) }  landing 2, point 3
//   finally { print("finally"); await sleep(5) }   landing 4, point 5
//   return "end";
// }
function careful(loop) {
  var ck = 0, cv;
  return c.startCoroutine(function (co, v) {
    for (;;) switch (co.s) {
      case 0: co.s = 1; return c.sleep(50);
      case 1: print("slept"); co.k = 0; co.s = 4; break;
      case 2: print("caught " + v.name + " (" + v.message + ") at " + loop.time()); co.s = 3; return c.sleep(5);
      case 3: co.k = 0; co.s = 4; break;
      case 4: ck = co.k; cv = v; print("finally at " + loop.time()); co.s = 5; return c.sleep(5);
      case 5:
        if (ck === 2) throw cv;
        if (ck === 1) { co.s = -1; return cv; }
        co.s = 6; break;
      case 6: co.s = -1; return "end at " + loop.time();
    }
  }, CANCELLED_META);
}

function newLoop(options) {
  var o = options || {};
  o.clock = new c.VirtualClock();
  var loop = new c.EventLoop(o);
  loop.setExceptionHandler(function (l, context) {
    print("handler: " + context.message + (context.exception ? " (" + context.exception.message + ")" : ""));
  });
  return loop;
}

section("futures and timers");
(function () {
  var loop = newLoop();
  var f = loop.createFuture();
  f.addDoneCallback(function (d) { print("done callback: " + d.result() + " at " + loop.time()); });
  loop.callLater(20, function () { f.setResult("twenty"); });
  loop.callLater(10, function (a, b) { print("timer 10 with " + a + "," + b); }, "x", "y");
  var h = loop.callLater(15, function () { print("never"); });
  h.cancel();
  loop.callSoon(function () { print("soon at " + loop.time()); });
  print("result " + loop.runUntilComplete(f) + ", time " + loop.time());
  try { f.setResult(1); } catch (e) { print("misuse: " + e.name + " " + (e instanceof c.InvalidStateError)); }
})();

section("gather and wait");
(function () {
  var loop = newLoop();
  var r = loop.runUntilComplete(function () {
    return c.gather(worker(loop, "a", 30, "A"), worker(loop, "b", 10, "B"), 3);
  });
  print("gather: " + r.join(","));
  var failed = loop.runUntilComplete(function () {
    return c.gather([worker(loop, "ok", 5, 1), worker(loop, "bad", 7, new Error("bad")), worker(loop, "late", 9, 2)], { returnExceptions: true });
  });
  print("returnExceptions: " + failed[0] + "," + failed[1].message + "," + failed[2] + " at " + loop.time());
  var modes = ["FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"];
  for (var i = 0; i < modes.length; i++) {
    var start = loop.time();
    var w = loop.runUntilComplete(function () {
      var fs = [worker(loop, "w1", 10, 1), worker(loop, "w2", 20, new Error("e")), worker(loop, "w3", 30, 3)];
      fs[1].catch(function () {});
      return c.wait(fs, { returnWhen: modes[i] });
    });
    print(modes[i] + ": done " + w.done.length + ", pending " + w.pending.length + " after " + (loop.time() - start) + " ms");
    loop.runUntilIdle();
  }
  var tw = loop.runUntilComplete(function () {
    return c.wait([c.sleep(100)], { timeout: 25 });
  });
  print("wait timeout: pending " + tw.pending.length + " at " + loop.time());
  loop.runUntilIdle();
})();

section("cancellation");
(function () {
  var loop = newLoop();
  var t = loop.createTask(function () { return careful(loop); }, { name: "careful-1" });
  loop.callLater(20, function () { print("cancel: " + t.cancel("stop")); });
  loop.runUntilIdle();
  print("careful-1 swallowed it: cancelled " + t.cancelled() + ", result " + t.result() + ", time " + loop.time());
  var t2 = loop.createTask(function () { return careful(loop); }, { name: "careful-2" });
  loop.callLater(20, function () { t2.cancel("first"); });
  loop.callLater(22, function () { t2.cancel("second"); });
  loop.runUntilIdle();
  print("careful-2: cancelled " + t2.cancelled() + " at " + loop.time());

  var inner;
  var outer = loop.createTask(function () {
    inner = careful(loop);
    return c.startCoroutine(function (co, v) {
      if (co.s === 0) { co.s = 1; return inner; }
      co.s = -1; return v;
    });
  });
  loop.advance(1);
  print("outer awaits: " + loop.tasks()[1].awaiting.description.replace(/Task-\d+/, "Task-N"));
  print("inner site: " + c.formatSite(inner.getSite()));
  outer.cancel();
  loop.runUntilIdle();
  print("outer: cancelled " + outer.cancelled() + ", inner result " + inner.result());
  print("cancel done task: " + outer.cancel());

  var shielded = loop.createTask(function () { return worker(loop, "shielded", 10, "kept"); });
  var viaShield = loop.createTask(function () { return c.shield(shielded); });
  loop.callLater(3, function () { viaShield.cancel(); });
  loop.runUntilIdle();
  print("shield: outer cancelled " + viaShield.cancelled() + ", inner " + shielded.result());
})();

section("LoopPromise");
(function () {
  print("installPromise: " + c.installPromise() + ", same " + (typeof Promise === "function" && Promise === c.LoopPromise));
  var loop = newLoop();
  var P = c.LoopPromise;
  var log = [];
  loop.callSoon(function () {
    P.resolve(1).then(function (v) { log.push("a" + v); return P.resolve(v + 1); }).then(function (v) { log.push("a" + v); });
    P.resolve(1).then(function (v) { log.push("b" + v); return v + 1; }).then(function (v) { log.push("b" + v); });
    P.reject(new Error("r")).catch(function (e) { log.push("caught " + e.message); }).finally(function () { log.push("finally"); });
    P.all([P.resolve("x"), "y", { then: function (r) { r("z"); } }]).then(function (v) { log.push("all " + v.join("")); });
    P.race([new P(function () {}), P.resolve("fast")]).then(function (v) { log.push("race " + v); });
    P.allSettled([P.reject(1), 2]).then(function (v) { log.push("allSettled " + v[0].status + "," + v[1].status); });
    P.any([P.reject(1), P.reject(2)]).catch(function (e) { log.push("any " + e.name + " " + e.errors.length); });
  });
  loop.runUntilIdle();
  print(log.join(" | "));
})();

section("timeouts");
(function () {
  var loop = newLoop();
  var r = loop.runUntilComplete(function () {
    var work = careful(loop);
    return c.waitFor(work, 12).then(null, function (e) {
      return e.name + " at " + loop.time() + ", work cancelled " + work.cancelled();
    });
  });
  print("waitFor, the work swallowed the cancellation: " + r);
  var slow;
  var timedOut = loop.runUntilComplete(function () {
    slow = worker(loop, "slow", 50, "too late");
    return c.waitFor(slow, 5).then(null, function (e) {
      return e.name + " (" + e.message + ") at " + loop.time() + ", " + (e instanceof c.TimeoutError) + ", work cancelled " + slow.cancelled();
    });
  });
  print("waitFor: " + timedOut);
  var ok = loop.runUntilComplete(function () {
    return c.timeout(100, function (scope) {
      scope.reschedule(loop.time() + 200);
      return c.sleep(150, "in time (deadline " + scope.when() + ")");
    });
  });
  print("timeout: " + ok + " at " + loop.time());
})();

section("schedulers");
(function () {
  function program(scheduler) {
    var loop = new c.EventLoop({ clock: new c.VirtualClock(), scheduler: scheduler });
    var out = [];
    loop.callSoon(function () {
      for (var i = 0; i < 4; i++) (function (i) {
        loop.callSoon(function () { out.push("c" + i); });
        c.LoopPromise.resolve().then(function () { out.push("j" + i); });
      })(i);
    });
    loop.runUntilIdle();
    return out.join(" ");
  }
  print("fifo:    " + program(c.fifo));
  print("seed 7:  " + program(c.seededRandom(7)));
  print("seed 8:  " + program(c.seededRandom(8)));
  var rec = c.recording(c.seededRandom(9));
  var first = program(rec);
  print("replay equal: " + (program(c.replay(rec.choices)) === first) + ", choices " + rec.choices.join(""));
})();

section("inspection and run");
(function () {
  var loop = newLoop();
  loop.createTask(function () { return careful(loop); }, { name: "careful-3" });
  loop.advance(1);
  print(loop.dump());
  var leftover;
  var result = c.run(function () {
    leftover = worker(c.getEventLoop(), "leftover", 1000, "never");
    return worker(c.getEventLoop(), "main", 3, "main result");
  }, { clock: new c.VirtualClock() });
  print("run: " + result + ", leftover cancelled " + leftover.cancelled());
  var closed = newLoop();
  closed.close();
  try { closed.callSoon(function () {}); } catch (e) { print("closed: " + e.name + ": " + e.message); }
})();
print("== end");
