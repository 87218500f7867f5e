/**
 * Queue, LifoQueue, PriorityQueue: asyncio 3.13's test_queues.py (blocking,
 * the getter/putter cancellation races, taskDone/join, shutdown).
 */
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  InvalidStateError,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  TaskGroup,
  TimeoutError,
  gather,
  sleep,
  waitFor,
} from "../../packages/runtime/src/index";
import { spawn } from "./helpers";
import { outcome, setup, tick } from "./sync-helpers";

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return null;
}

describe("Queue basics", () => {
  it("qsize, empty, full, maxsize", () => {
    const q = new Queue<number>(2);
    expect(q.maxsize).toBe(2);
    expect(q.empty()).toBe(true);
    expect(q.full()).toBe(false);
    q.putNowait(1);
    q.putNowait(2);
    expect(q.qsize()).toBe(2);
    expect(q.full()).toBe(true);
    expect(errorOf(() => q.putNowait(3))).toBeInstanceOf(QueueFull);
    expect(q.getNowait()).toBe(1);
    expect(q.getNowait()).toBe(2);
    expect(errorOf(() => q.getNowait())).toBeInstanceOf(QueueEmpty);
    const unbounded = new Queue();
    expect(unbounded.maxsize).toBe(0);
    for (let i = 0; i < 1000; i++) unbounded.putNowait(i);
    expect(unbounded.full()).toBe(false);
    expect(unbounded.qsize()).toBe(1000);
  });

  it("keeps FIFO order through many puts and gets", () => {
    const q = new Queue<number>();
    const out: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 50; i++) q.putNowait(round * 50 + i);
      for (let i = 0; i < 30; i++) out.push(q.getNowait());
    }
    while (!q.empty()) out.push(q.getNowait());
    expect(out).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it("the error classes are exported and named", () => {
    expect(new QueueEmpty().name).toBe("QueueEmpty");
    expect(new QueueFull().name).toBe("QueueFull");
    expect(new QueueShutDown().name).toBe("QueueShutDown");
    expect(new QueueFull()).toBeInstanceOf(Error);
  });

  it("LifoQueue returns the newest first", () => {
    const q = new LifoQueue<number>();
    for (const x of [1, 2, 3]) q.putNowait(x);
    expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([3, 2, 1]);
  });

  it("PriorityQueue returns the smallest first, comparing [priority, data] pairs like tuples", () => {
    const q = new PriorityQueue<[number, string]>();
    const items: [number, string][] = [[5, "e"], [1, "a"], [3, "c"], [1, "A"], [4, "d"], [2, "b"], [3, "b"]];
    for (const it of items) q.putNowait(it);
    const out: string[] = [];
    while (!q.empty()) out.push(q.getNowait().join(""));
    expect(out).toEqual(["1A", "1a", "2b", "3b", "3c", "4d", "5e"]);
    const nums = new PriorityQueue<number>();
    const xs = [9, 3, 7, 1, 8, 2, 6, 4, 5, 0, 3];
    for (const x of xs) nums.putNowait(x);
    const sorted: number[] = [];
    while (!nums.empty()) sorted.push(nums.getNowait());
    expect(sorted).toEqual(xs.slice().sort((a, b) => a - b));
    const desc = new PriorityQueue<number>(0, (a, b) => b - a);
    for (const x of [1, 3, 2]) desc.putNowait(x);
    expect([desc.getNowait(), desc.getNowait(), desc.getNowait()]).toEqual([3, 2, 1]);
  });
});

describe("Queue blocking", () => {
  it("get() waits for a put (asyncio test_blocking_get)", () => {
    const { loop, main } = setup();
    const q = new Queue<string>();
    main(function* () {
      loop.callLater(10, () => q.putNowait("x"));
      expect(yield q.get()).toBe("x");
      expect(loop.time()).toBe(10);
    });
  });

  it("get() on a non-empty queue finishes at once", () => {
    const { loop } = setup();
    const q = new Queue<number>();
    q.putNowait(1);
    const t = loop.createTask(() => q.get());
    expect(t.done()).toBe(true);
    expect(t.result()).toBe(1);
  });

  it("put() on a full queue waits for a get (asyncio test_get_with_putters)", () => {
    const { loop, main } = setup();
    const q = new Queue<number>(1);
    main(function* () {
      q.putNowait(1);
      const putter = q.put(2);
      yield tick();
      expect(putter.done()).toBe(false);
      expect(q.getNowait()).toBe(1);
      yield putter;
      expect(q.getNowait()).toBe(2);
      expect(loop.time()).toBe(0);
    });
  });

  it("maxsize blocks a producer; the consumer's pace sets the virtual times", () => {
    const { loop, main } = setup();
    const q = new Queue<number>(2);
    const log: string[] = [];
    main(function* () {
      const producer = spawn(function* () {
        for (let i = 0; i < 5; i++) {
          yield q.put(i);
          log.push("put " + i + " @" + loop.time());
        }
      });
      const consumer = spawn(function* () {
        for (let i = 0; i < 5; i++) {
          yield sleep(10);
          log.push("got " + (yield q.get()) + " @" + loop.time());
        }
      });
      yield gather(producer, consumer);
    });
    expect(log).toEqual([
      "put 0 @0",
      "put 1 @0",
      "got 0 @10",
      "put 2 @10",
      "got 1 @20",
      "put 3 @20",
      "got 2 @30",
      "put 4 @30",
      "got 3 @40",
      "got 4 @50",
    ]);
  });

  it("producer and consumer on a queue of 1 finish (asyncio test_why_are_getters_waiting)", () => {
    const { main } = setup();
    const q = new Queue<number>(1);
    const got: number[] = [];
    main(function* () {
      yield TaskGroup.run((tg) => {
        tg.createTask(() =>
          spawn(function* () {
            for (let i = 0; i < 5; i++) yield q.put(i);
          }),
        );
        tg.createTask(() =>
          spawn(function* () {
            for (let i = 0; i < 5; i++) got.push(yield q.get());
          }),
        );
      });
    });
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it("putters woken by getNowait() all get in (asyncio test_why_are_putters_waiting)", () => {
    const { main } = setup();
    const q = new Queue<number>(2);
    main(function* () {
      const getter = spawn(function* () {
        yield tick();
        const n = q.qsize();
        for (let i = 0; i < n; i++) q.getNowait();
      });
      yield gather(getter, q.put(0), q.put(1), q.put(2), q.put(3));
      expect(q.qsize()).toBe(2);
      expect([q.getNowait(), q.getNowait()]).toEqual([2, 3]);
    });
  });

  it("an item taken in between sends the woken getter back to wait", () => {
    const { main } = setup();
    const q = new Queue<string>();
    main(function* () {
      const g = q.get();
      q.putNowait("a"); // wakes g...
      expect(q.getNowait()).toBe("a"); // ...but someone else takes the item first
      yield tick();
      expect(g.done()).toBe(false);
      expect(q._getters.length).toBe(1);
      q.putNowait("b");
      expect(yield g).toBe("b");
    });
  });
});

describe("Queue cancellation", () => {
  it("a getter cancelled while waiting does not take the next item (asyncio test_get_cancelled_race)", () => {
    const { main } = setup();
    const q = new Queue<string>();
    main(function* () {
      const t1 = q.get();
      const t2 = q.get();
      yield tick();
      t1.cancel();
      yield tick();
      expect(t1.done()).toBe(true);
      yield q.put("a");
      yield tick();
      expect(yield t2).toBe("a");
    });
  });

  it("a timed-out get leaves no getter behind (asyncio test_cancelled_getters_not_being_held_in_self_getters)", () => {
    const { loop, main } = setup();
    const q = new Queue(5);
    main(function* () {
      try {
        yield waitFor(q.get(), 100);
        throw new Error("no timeout");
      } catch (e) {
        expect(e).toBeInstanceOf(TimeoutError);
      }
      expect(q._getters.length).toBe(0);
      expect(loop.time()).toBe(100);
    });
  });

  it("a putter cancelled while waiting does not put (asyncio test_put_cancelled_race)", () => {
    const { main } = setup();
    const q = new Queue<string>(1);
    main(function* () {
      const putA = q.put("a");
      const putB = q.put("b");
      const putC = q.put("X");
      yield tick();
      expect(putA.done()).toBe(true);
      expect(putB.done()).toBe(false);
      putC.cancel();
      yield tick();
      expect(putC.done()).toBe(true);
      expect(q.getNowait()).toBe("a");
      yield tick();
      expect(q.getNowait()).toBe("b");
      yield putB;
      expect(q.empty()).toBe(true);
    });
  });

  it("a timed-out put leaves no putter behind", () => {
    const { main } = setup();
    const q = new Queue<number>(1);
    main(function* () {
      q.putNowait(1);
      try {
        yield waitFor(q.put(2), 5);
        throw new Error("no timeout");
      } catch (e) {
        expect(e).toBeInstanceOf(TimeoutError);
      }
      expect(q._putters.length).toBe(0);
      expect(q.qsize()).toBe(1);
    });
  });

  it("a getter woken then cancelled does not drop the item (asyncio test_get_cancel_drop_one_pending_reader)", () => {
    const { main } = setup();
    const q = new Queue<number>();
    main(function* () {
      let reader = q.get();
      yield tick();
      q.putNowait(1);
      q.putNowait(2);
      reader.cancel();
      try {
        yield reader;
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
        reader = q.get(); // try again
        yield reader;
      }
      expect(reader.result()).toBe(1); // 2 would mean 1 was dropped
    });
  });

  it("a woken-then-cancelled getter wakes the next one (asyncio test_get_cancel_drop_many_pending_readers)", () => {
    const { main } = setup();
    const q = new Queue<number>();
    main(function* () {
      const reader1 = q.get();
      const reader2 = q.get();
      const reader3 = q.get();
      yield tick();
      q.putNowait(1); // wakes reader1
      q.putNowait(2); // wakes reader2
      reader1.cancel();
      try {
        yield reader1;
        throw new Error("not cancelled");
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
      }
      yield reader3;
      expect([reader2.result(), reader3.result()].sort()).toEqual([1, 2]);
      expect(q._getters.length).toBe(0);
    });
  });

  it("a putter woken then cancelled wakes the next putter, no slot is lost (asyncio test_put_cancel_drop)", () => {
    const { main } = setup();
    const q = new Queue<number>(1);
    main(function* () {
      q.putNowait(1);
      let writer = q.put(2);
      yield tick();
      expect(q.getNowait()).toBe(1); // wakes writer
      writer.cancel();
      try {
        yield writer;
      } catch (e) {
        expect(e).toBeInstanceOf(CancelledError);
        writer = q.put(2);
        yield writer;
      }
      expect(q.getNowait()).toBe(2);
      expect(q.qsize()).toBe(0);
    });
  });

  it("woken-then-cancelled putter hands its slot to the putter behind it", () => {
    const { main } = setup();
    const q = new Queue<string>(1);
    main(function* () {
      q.putNowait("first");
      const p1 = q.put("p1");
      const p2 = q.put("p2");
      expect(q.getNowait()).toBe("first"); // wakes p1
      p1.cancel(); // before it resumed
      yield p2;
      expect(outcome(p1)).toBe("cancelled");
      expect(q.getNowait()).toBe("p2");
      expect(q._putters.length).toBe(0);
    });
  });
});

describe("Queue taskDone / join", () => {
  it("join() waits until every item is marked done (asyncio test_task_done)", () => {
    const { main } = setup();
    const q = new Queue<number>();
    for (let i = 0; i < 100; i++) q.putNowait(i);
    let accumulator = 0;
    let running = true;
    main(function* () {
      yield TaskGroup.run(function (tg) {
        const worker = () =>
          spawn(function* () {
            while (running) {
              const item = yield q.get();
              accumulator += item;
              q.taskDone();
            }
          });
        const tasks = [tg.createTask(worker), tg.createTask(worker)];
        return spawn(function* () {
          yield q.join();
          expect(accumulator).toBe(4950);
          running = false;
          for (let i = 0; i < tasks.length; i++) q.putNowait(0);
        });
      });
    });
  });

  it("join() resumes at the virtual time of the last taskDone()", () => {
    const { loop, main } = setup();
    const q = new Queue<number>();
    main(function* () {
      q.putNowait(10);
      q.putNowait(25);
      spawn(function* () {
        for (;;) {
          const ms = yield q.get();
          yield sleep(ms);
          q.taskDone();
        }
      });
      yield q.join();
      expect(loop.time()).toBe(35);
    });
  });

  it("join() on an empty queue returns at once, twice (asyncio test_join_empty_queue)", () => {
    const { loop } = setup();
    const q = new Queue();
    expect(loop.createTask(() => q.join()).done()).toBe(true);
    expect(loop.createTask(() => q.join()).done()).toBe(true);
  });

  it("taskDone() more times than items throws InvalidStateError", () => {
    const q = new Queue();
    expect(errorOf(() => q.taskDone())).toBeInstanceOf(InvalidStateError);
    q.putNowait(1);
    q.getNowait();
    q.taskDone();
    expect(errorOf(() => q.taskDone())).toBeInstanceOf(InvalidStateError);
  });
});

describe("Queue shutdown", () => {
  it("after shutdown(), put and get of an empty queue throw QueueShutDown", () => {
    const { main } = setup();
    const q = new Queue<string>();
    q.shutdown();
    expect(errorOf(() => q.putNowait("x"))).toBeInstanceOf(QueueShutDown);
    expect(errorOf(() => q.getNowait())).toBeInstanceOf(QueueShutDown);
    main(function* () {
      for (const t of [q.put("x"), q.get()]) {
        try {
          yield t;
          throw new Error("no error");
        } catch (e) {
          expect(e).toBeInstanceOf(QueueShutDown);
        }
      }
    });
  });

  it("items left can still be taken after a graceful shutdown", () => {
    const { main } = setup();
    const q = new Queue<string>();
    main(function* () {
      q.putNowait("data");
      q.shutdown();
      expect(yield q.get()).toBe("data");
      try {
        yield q.get();
        throw new Error("no error");
      } catch (e) {
        expect(e).toBeInstanceOf(QueueShutDown);
      }
    });
  });

  it("shutdown() wakes blocked getters and putters with QueueShutDown", () => {
    const { loop, main } = setup();
    const getQ = new Queue<number>();
    const putQ = new Queue<number>(1);
    putQ.putNowait(0);
    main(function* () {
      const g1 = getQ.get();
      const g2 = getQ.get();
      const p1 = putQ.put(1);
      loop.callLater(10, () => {
        getQ.shutdown();
        putQ.shutdown();
      });
      const results = (yield gather([g1, g2, p1], { returnExceptions: true })) as unknown[];
      for (const r of results) expect(r).toBeInstanceOf(QueueShutDown);
      expect(loop.time()).toBe(10);
      expect(getQ._getters.length).toBe(0);
      expect(putQ._putters.length).toBe(0);
      expect(putQ.getNowait()).toBe(0); // graceful: the item stays
    });
  });

  it("shutdown(true) drops the items, unblocks join(), and get throws at once", () => {
    const { main } = setup();
    const q = new Queue<string>();
    main(function* () {
      q.putNowait("a");
      q.putNowait("b");
      const joiner = q.join();
      yield tick();
      expect(joiner.done()).toBe(false);
      q.shutdown(true);
      expect(q.empty()).toBe(true);
      yield joiner;
      expect(errorOf(() => q.getNowait())).toBeInstanceOf(QueueShutDown);
    });
  });

  it("shutdown(true) with items already taken: join() waits for their taskDone()", () => {
    const { loop, main } = setup();
    const q = new Queue<string>();
    main(function* () {
      q.putNowait("a");
      q.putNowait("b");
      expect(q.getNowait()).toBe("a"); // taken, not done yet
      q.shutdown(true); // drops "b"
      loop.callLater(7, () => q.taskDone());
      yield q.join();
      expect(loop.time()).toBe(7);
      expect(errorOf(() => q.taskDone())).toBeInstanceOf(InvalidStateError);
    });
  });
});
