/**
 * Cancellation safety of the primitives, as a property: whatever job or
 * callback boundary a `task.cancel()` lands at, the outcome of an
 * `await lock.acquire()` (semaphore acquire, condition wait, queue get/put)
 * is either "acquired/got and returned normally" or "raised CancelledError
 * without acquiring/getting", never both (asyncio's contract).
 *
 * Every program below has several tasks contending for one primitive. It
 * runs under seededRandom(seed) schedules on a virtual clock; for each seed
 * a run without injection counts the boundaries N, then run k (k = 0..N)
 * cancels one chosen task at boundary k. A boundary is the moment before
 * each job (the loop's job queue is wrapped) and after each ready callback
 * (the "callback" event), plus the moment the program has started.
 *
 * Invariants checked at the end of every run: no lock held, semaphore value
 * restored, every item put (and returned from put()) got exactly once or
 * still in the queue and no other item anywhere, mutual exclusion held
 * throughout, no task left pending except one the primitive's state
 * justifies (a getter of an empty queue, a putter of a full one, a
 * condition waiter with nothing to consume), and no unexpected error.
 */
import { describe, expect, it } from "vitest";
import {
  BoundedSemaphore,
  CancelledError,
  Condition,
  EventLoop,
  LifoQueue,
  Lock,
  PriorityQueue,
  Queue,
  Semaphore,
  VirtualClock,
  seededRandom,
  setEventLoop,
  sleep,
  type Task,
} from "../../packages/runtime/src/index";
import * as runtime from "../../packages/runtime/src/index";
import { peekDefaultLoop } from "../../packages/runtime/src/loop";
import { compile } from "../support/compile";
import { spawn } from "./helpers";

type Gen<T = void> = Generator<unknown, T, any>;

/** One run of a program: its tasks, and the checks. */
interface World {
  tasks: Task<any>[];
  /** at idle: whether tasks[i], still pending, may legitimately be (its primitive's state justifies the wait) */
  mayWait(i: number): boolean;
  /** once every task is done: the invariants, as violation messages */
  final(): string[];
}

interface Program {
  name: string;
  /** how many tasks (targets of the cancellation) */
  tasks: number;
  start(fail: (msg: string) => void): World;
}

interface RunResult {
  boundaries: number;
  violations: string[];
}

function runOnce(prog: Program, seed: number, at: number, target: number): RunResult {
  const loop = new EventLoop({ clock: new VirtualClock(), scheduler: seededRandom(seed) });
  const prev = peekDefaultLoop();
  setEventLoop(loop);
  const violations: string[] = [];
  const fail = (msg: string) => {
    violations.push(msg);
  };
  loop.setExceptionHandler(function (_loop, ctx) {
    fail("exception handler: " + ctx.message + ": " + String(ctx.exception));
  });
  let count = 0;
  let world: World | null = null;
  const boundary = () => {
    if (count === at && world !== null) world.tasks[target].cancel();
    count++;
  };
  // every job runs behind a boundary (test instrumentation of the loop's job queue)
  const l = loop as any;
  const enqueue = l._enqueueJob;
  if (typeof enqueue !== "function") throw new Error("EventLoop._enqueueJob moved: this test wraps every job through it");
  l._enqueueJob = function (job: { _wakeup(): void }) {
    enqueue.call(this, {
      _wakeup() {
        boundary();
        job._wakeup();
      },
    });
  };
  const off = loop.on("callback", boundary);
  try {
    world = prog.start(fail);
    boundary();
    loop.runUntilIdle();
    const boundaries = count;
    const w = world;
    w.tasks.forEach((t, i) => {
      if (!t.done() && !w.mayWait(i)) fail(t.getCoro().name + " still pending at idle");
    });
    off();
    // the leftovers are cancelled (no more injection), and must end
    for (const t of w.tasks) t.cancel();
    count = -Infinity;
    loop.runUntilIdle();
    for (const t of w.tasks) if (!t.done()) fail(t.getCoro().name + " still pending after cancelling the leftovers");
    for (const t of w.tasks) {
      if (t.done() && !t.cancelled() && t.exception() !== null) fail(t.getCoro().name + " failed: " + String(t.exception()));
    }
    for (const v of w.final()) fail(v);
    return { boundaries, violations };
  } finally {
    loop.close();
    setEventLoop(prev);
  }
}

/** Runs every seed, injecting at every boundary; returns the first few violations (with how to replay them). */
function check(prog: Program, seeds: number[]): string[] {
  const out: string[] = [];
  let runs = 0;
  for (const seed of seeds) {
    const dry = runOnce(prog, seed, -1, 0);
    for (const v of dry.violations) out.push("seed " + seed + ", no cancel: " + v);
    const n = dry.boundaries;
    for (let k = 0; k <= n; k++) {
      for (let target = 0; target < prog.tasks; target++) {
        const r = runOnce(prog, seed, k, target);
        runs++;
        for (const v of r.violations) out.push("seed " + seed + ", cancel task " + target + " at boundary " + k + ": " + v);
        if (out.length >= 5) return out;
      }
    }
  }
  expect(runs).toBeGreaterThan(seeds.length * 10); // the injection really ran at many points
  return out;
}

function seedsFrom(first: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(first + i);
  return out;
}

// ---- programs ------------------------------------------------------------------

function lockProgram(): Program {
  return {
    name: "Lock",
    tasks: 3,
    start(fail) {
      const lock = new Lock();
      let owner: number | null = null;
      const worker = (id: number) =>
        spawn(function* (): Gen {
          for (let round = 0; round < 2; round++) {
            yield lock.acquire();
            if (owner !== null) fail("task " + id + " acquired while task " + owner + " holds the lock");
            owner = id;
            try {
              yield sleep(id % 2);
              yield sleep(0);
            } finally {
              if (owner !== id) fail("task " + id + " releases a lock it does not hold");
              owner = null;
              lock.release();
            }
          }
        }, { n: "worker" + id });
      const tasks = [worker(0), worker(1), worker(2)];
      return {
        tasks,
        mayWait: () => false,
        final() {
          const v: string[] = [];
          if (lock.locked()) v.push("the lock is still held" + (owner === null ? " by nobody's critical section (leaked)" : ""));
          if (lock._waiters.length !== 0) v.push(lock._waiters.length + " waiter futures left");
          return v;
        },
      };
    },
  };
}

function semaphoreProgram(bounded: boolean): Program {
  return {
    name: bounded ? "BoundedSemaphore" : "Semaphore",
    tasks: 4,
    start(fail) {
      const sem = bounded ? new BoundedSemaphore(2) : new Semaphore(2);
      let inside = 0;
      const worker = (id: number) =>
        spawn(function* (): Gen {
          for (let round = 0; round < 2; round++) {
            yield sem.acquire();
            inside++;
            if (inside > 2) fail("task " + id + " is the " + inside + "th inside a semaphore of 2");
            try {
              yield sleep(id % 3);
            } finally {
              inside--;
              sem.release();
            }
          }
        }, { n: "worker" + id });
      const tasks = [worker(0), worker(1), worker(2), worker(3)];
      return {
        tasks,
        mayWait: () => false,
        final() {
          const v: string[] = [];
          if (sem._value !== 2) v.push("semaphore value " + sem._value + ", expected 2");
          if (sem._waiters.length !== 0) v.push(sem._waiters.length + " waiter futures left");
          return v;
        },
      };
    },
  };
}

function conditionProgram(useWaitFor: boolean): Program {
  return {
    name: useWaitFor ? "Condition.waitFor" : "Condition.wait",
    tasks: 5,
    start(fail) {
      const cond = new Condition();
      let owner: number | null = null;
      let items = 0;
      const waiting = new Set<number>();
      const enter = (id: number) => {
        if (owner !== null) fail("task " + id + " holds the lock together with task " + owner);
        owner = id;
      };
      const leave = (id: number) => {
        if (owner !== id) fail("task " + id + " releases a lock it does not hold");
        owner = null;
      };
      const consumer = (id: number): Task<any> =>
        spawn(function* (): Gen {
          yield cond.acquire();
          enter(id);
          try {
            if (useWaitFor) {
              leave(id);
              waiting.add(id);
              try {
                yield cond.waitFor(() => items > 0);
              } finally {
                waiting.delete(id);
                // returned or threw: the lock is ours again
                if (!cond.locked()) fail("task " + id + " left waitFor() without the lock");
                enter(id);
              }
            } else {
              while (items === 0) {
                leave(id);
                waiting.add(id);
                try {
                  yield cond.wait();
                } finally {
                  waiting.delete(id);
                  if (!cond.locked()) fail("task " + id + " left wait() without the lock");
                  enter(id);
                }
              }
            }
            if (items <= 0) fail("task " + id + " consumes from nothing");
            items--;
            yield sleep(0);
          } finally {
            leave(id);
            cond.release();
          }
        }, { n: "consumer" + id });
      const producer = (id: number) =>
        spawn(function* (): Gen {
          yield sleep(id % 2);
          yield cond.acquire();
          enter(id);
          try {
            items++;
            cond.notify(1);
            yield sleep(0);
          } finally {
            leave(id);
            cond.release();
          }
        }, { n: "producer" + id });
      // more consumers than items: a lost notification leaves one waiting while there is an item
      const tasks = [consumer(0), consumer(1), consumer(2), producer(3), producer(4)];
      return {
        tasks,
        // a consumer may wait forever only when there is nothing to consume (else a notification was lost)
        mayWait: (i) => waiting.has(i) && items === 0,
        final() {
          const v: string[] = [];
          if (cond.locked()) v.push("the condition's lock is still held");
          if (cond._waiters.length !== 0) v.push(cond._waiters.length + " waiter futures left");
          return v;
        },
      };
    },
  };
}

type AnyQueue = Queue<number>;

function queueProgram(kind: "Queue" | "LifoQueue" | "PriorityQueue", maxsize: number): Program {
  return {
    name: kind + "(" + maxsize + ")",
    tasks: 4,
    start(fail) {
      const q: AnyQueue = kind === "Queue" ? new Queue<number>(maxsize) : kind === "LifoQueue" ? new LifoQueue<number>(maxsize) : new PriorityQueue<number>(maxsize);
      const putOk: number[] = [];
      const got: number[] = [];
      const getting = new Set<number>();
      const putting = new Set<number>();
      const producer = (id: number): Task<any> =>
        spawn(function* (): Gen {
          for (let i = 0; i < 3; i++) {
            const item = id * 10 + i;
            putting.add(id);
            try {
              yield q.put(item);
            } finally {
              putting.delete(id);
            }
            putOk.push(item);
            if (i === 1) yield sleep(id % 2);
          }
        }, { n: "producer" + id });
      const consumer = (id: number): Task<any> =>
        spawn(function* (): Gen {
          for (;;) {
            let item: number;
            getting.add(id);
            try {
              item = yield q.get();
            } finally {
              getting.delete(id);
            }
            got.push(item);
            yield sleep(id % 2);
          }
        }, { n: "consumer" + id });
      const tasks = [producer(1), producer(2), consumer(3), consumer(4)];
      return {
        tasks,
        mayWait: (i) => (getting.has(i + 1) && q.empty()) || (putting.has(i + 1) && q.full()),
        final() {
          const v: string[] = [];
          const left: number[] = [];
          while (!q.empty()) left.push(q.getNowait());
          const seen = got.concat(left).sort((a, b) => a - b);
          const expected = putOk.slice().sort((a, b) => a - b);
          if (seen.join() !== expected.join()) {
            v.push("items put [" + expected.join() + "] but got [" + got.join() + "] and left in the queue [" + left.join() + "]");
          }
          if (q._getters.some((f) => !f.done()) || q._putters.some((f) => !f.done())) v.push("pending waiter futures left");
          return v;
        },
      };
    },
  };
}

// ---- the property ----------------------------------------------------------------

const SEEDS = seedsFrom(1, 40);

describe("cancellation safety of the primitives (a cancel at every job boundary, seeded schedules)", () => {
  const programs: Program[] = [
    lockProgram(),
    semaphoreProgram(false),
    semaphoreProgram(true),
    conditionProgram(false),
    conditionProgram(true),
    queueProgram("Queue", 1),
    queueProgram("Queue", 2),
    queueProgram("LifoQueue", 1),
    queueProgram("PriorityQueue", 2),
  ];
  for (const prog of programs) {
    it(prog.name + ": acquired/got and returned, or cancelled without it", () => {
      expect(check(prog, SEEDS)).toEqual([]);
    });
  }

  it("the harness sees violations: a program that leaks on purpose is caught", () => {
    const leaky: Program = {
      name: "leaky",
      tasks: 2,
      start() {
        const lock = new Lock();
        const worker = (id: number) =>
          spawn(function* (): Gen {
            yield lock.acquire();
            yield sleep(id); // no try/finally: a cancellation here leaks the lock
            lock.release();
          }, { n: "leaky" + id });
        const tasks = [worker(0), worker(1)];
        return { tasks, mayWait: () => false, final: () => (lock.locked() ? ["leaked"] : []) };
      },
    };
    expect(check(leaky, [1, 2]).length).toBeGreaterThan(0);
  });

  it("a caller cancelled after acquire() finished gets true, and the CancelledError at its next await", () => {
    // the plainest form of the bug: cancel the caller right after acquire() finished
    const loop = new EventLoop({ clock: new VirtualClock() });
    const prev = peekDefaultLoop();
    setEventLoop(loop);
    try {
      const lock = new Lock();
      let sawCancel = false;
      let acquired = false;
      const caller = spawn(function* (): Gen {
        try {
          yield lock.acquire();
        } catch (e) {
          sawCancel = e instanceof CancelledError;
          throw e;
        }
        acquired = true;
        try {
          yield sleep(0);
        } finally {
          lock.release();
        }
      });
      // acquire() took the free lock synchronously; the caller's resumption is one job away
      expect(lock.locked()).toBe(true);
      caller.cancel();
      loop.runUntilIdle();
      expect(caller.cancelled()).toBe(true);
      // the finished acquire() is delivered; the cancellation lands at the next await (the sleep)
      expect(acquired).toBe(true);
      expect(sawCancel).toBe(false);
      expect(lock.locked()).toBe(false);
    } finally {
      loop.close();
      setEventLoop(prev);
    }
  });

  it("any other awaited future keeps asyncio's rule: a pending cancellation replaces its result", () => {
    const loop = new EventLoop({ clock: new VirtualClock() });
    const prev = peekDefaultLoop();
    setEventLoop(loop);
    try {
      const fut = loop.createFuture<number>();
      let got: unknown = "nothing";
      const caller = spawn(function* (): Gen {
        got = yield fut;
      });
      fut.setResult(1); // the caller's wake-up is queued...
      caller.cancel(); // ...and the cancellation lands before it runs
      loop.runUntilIdle();
      expect(caller.cancelled()).toBe(true);
      expect(got).toBe("nothing");
    } finally {
      loop.close();
      setEventLoop(prev);
    }
  });

});

// ---- the window itself, one primitive at a time --------------------------------------

/**
 * The caller of a primitive call is cancelled in the job right after the
 * primitive's task finished (from a "taskDone" listener: nothing runs in
 * between). The caller must get the result, and the CancelledError at its
 * next await.
 */
interface WindowCase {
  name: string;
  /** sets the primitive up; returns the call to make, what makes it finish, and the check */
  make(): { call(): Task<any>; finish(): void; release?: () => void; check(): void };
}

const WINDOW_CASES: WindowCase[] = [
  {
    name: "Lock.acquire",
    make() {
      const lock = new Lock();
      lock._locked = true;
      return {
        call: () => lock.acquire(),
        finish: () => lock.release(),
        release: () => lock.release(),
        check: () => expect(lock.locked()).toBe(false),
      };
    },
  },
  {
    name: "Semaphore.acquire",
    make() {
      const sem = new BoundedSemaphore(1);
      sem._value = 0;
      return {
        call: () => sem.acquire(),
        finish: () => sem.release(),
        release: () => sem.release(),
        check: () => expect(sem._value).toBe(1),
      };
    },
  },
  {
    name: "Queue.get",
    make() {
      const q = new Queue<number>();
      return { call: () => q.get(), finish: () => q.putNowait(7), check: () => expect(q.qsize()).toBe(0) };
    },
  },
  {
    name: "PriorityQueue.put",
    make() {
      const q = new PriorityQueue<number>(1);
      q.putNowait(1);
      return {
        call: () => q.put(2),
        finish: () => expect(q.getNowait()).toBe(1),
        check: () => expect(q._items).toEqual([2]), // stored, and the caller was told so
      };
    },
  },
  {
    name: "Condition.wait",
    make() {
      const cond = new Condition();
      cond._lock._locked = true; // the caller holds the lock
      return {
        call: () => cond.wait(),
        finish: () => {
          cond._lock._locked = true;
          cond.notify(1);
          cond.release();
        },
        release: () => cond.release(), // wait() returned: the caller holds the lock again
        check: () => expect(cond.locked()).toBe(false),
      };
    },
  },
  {
    name: "Event.wait",
    make() {
      const ev = new runtime.Event();
      return { call: () => ev.wait(), finish: () => ev.set(), check: () => expect(ev.isSet()).toBe(true) };
    },
  },
];

function inLoop(fn: (loop: EventLoop) => void): void {
  const loop = new EventLoop({ clock: new VirtualClock() });
  const prev = peekDefaultLoop();
  setEventLoop(loop);
  try {
    fn(loop);
  } finally {
    loop.close();
    setEventLoop(prev);
  }
}

describe("a cancellation in the job between a primitive's task finishing and its caller resuming", () => {
  for (const c of WINDOW_CASES) {
    it(c.name + ": the caller gets the result, and the CancelledError at its next await", () => {
      inLoop((loop) => {
        const p = c.make();
        const log: string[] = [];
        let call: Task<any> | null = null;
        const caller = spawn(function* (): Gen {
          call = p.call();
          try {
            log.push("got " + String(yield call));
          } catch (e) {
            log.push("cancelled at the call");
            throw e;
          }
          try {
            yield sleep(0);
            log.push("not cancelled");
          } catch (e) {
            log.push(e instanceof CancelledError ? "cancelled at the next await" : "failed");
            throw e;
          } finally {
            if (p.release) p.release(); // the lock or unit it got goes back, as `finally { release() }` does
          }
        });
        loop.on("taskDone", (t) => {
          if (t === call) caller.cancel();
        });
        loop.runUntilIdle();
        expect(call!.done()).toBe(false);
        p.finish();
        loop.runUntilIdle();
        expect(log[0]).toMatch(/^got /);
        expect(log.slice(1)).toEqual(["cancelled at the next await"]);
        expect(caller.cancelled()).toBe(true);
        p.check();
      });
    });
  }
});

describe("compiled async functions get the same guarantee", () => {
  // `await lock.acquire()` in code compiled by the plugin, run on this runtime (source modules)
  const SOURCE = `
    async function worker(lock, log) {
      try {
        await lock.acquire();
      } catch (e) {
        log.push("cancelled at acquire");
        throw e;
      }
      try {
        log.push("in");
        await sleep(0);
        log.push("not cancelled");
      } catch (e) {
        log.push(e.name + " inside");
        throw e;
      } finally {
        lock.release();
        log.push("released");
      }
    }
    module.exports = worker;
  `;

  function load(): (lock: Lock, log: string[]) => Task<void> {
    const code = compile(SOURCE, "worker.js", { moduleType: "require" }, { sourceType: "script" });
    const mod: { exports: any } = { exports: {} };
    const req = (id: string) => {
      // compiled code takes its helpers from the runtime's core entry (the full one has them too)
      if (id !== "@coloop/runtime/core") throw new Error("unexpected require " + id);
      return runtime;
    };
    new Function("require", "module", "exports", "sleep", code)(req, mod, mod.exports, sleep);
    return mod.exports;
  }

  it("a worker cancelled right after its acquire() finished runs its critical section's finally", () => {
    const worker = load();
    inLoop((loop) => {
      const lock = new Lock();
      lock._locked = true;
      const log: string[] = [];
      const w = worker(lock, log);
      const acquire = loop.allTasks().find((t) => t.getCoro().name === "Lock.acquire")!;
      loop.on("taskDone", (t) => {
        if (t === acquire) w.cancel();
      });
      loop.runUntilIdle();
      lock.release();
      loop.runUntilIdle();
      expect(log).toEqual(["in", "CancelledError inside", "released"]);
      expect(w.cancelled()).toBe(true);
      expect(lock.locked()).toBe(false);
    });
  });
});
