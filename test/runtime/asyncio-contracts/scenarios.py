"""
The asyncio side of test/runtime/asyncio-contracts.test.ts: each scenario
is written here in Python asyncio and there on @coloop/runtime, both
printing lines through log(). Running this file with Python 3.13 (the
asyncio the runtime follows: Condition, Queue.shutdown, TaskGroup's
uncancel) records asyncio's lines in expected.json next to it:

    python3.13 test/runtime/asyncio-contracts/scenarios.py
    python3.13 test/runtime/asyncio-contracts/scenarios.py NAME...   # print some, write nothing

The test compares our lines with the recorded ones, so CI needs no Python.
Time is in units of T seconds (10 ms of our virtual clock): only the order
of deadlines matters, and no two deadlines here are equal except where a
scenario is about that.
"""
import asyncio
import json
import os
import sys

T = 0.05
LINES = []
SCENARIOS = {}


def scenario(fn):
    SCENARIOS[fn.__name__] = fn
    return fn


def fmt(x):
    if x is True:
        return "true"
    if x is False:
        return "false"
    if x is None:
        return "null"
    if isinstance(x, BaseException):
        msg = str(x)
        return type(x).__name__ + ("(" + msg + ")" if msg else "")
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(fmt(i) for i in x) + "]"
    return str(x)


def log(*parts):
    LINES.append(" ".join(fmt(p) for p in parts))


def outcome(t):
    if not t.done():
        return "pending"
    if t.cancelled():
        return "cancelled"
    e = t.exception()
    if e is not None:
        return "error " + fmt(e)
    return "ok " + fmt(t.result())


async def sleep(n, value=None):
    return await asyncio.sleep(n * T, value)


class Boom(Exception):
    pass


# ---- primitives under cancellation -------------------------------------------


@scenario
async def lock_waiter_cancelled():
    lock = asyncio.Lock()

    async def holder():
        await lock.acquire()
        try:
            log("holder in")
            await sleep(2)
        finally:
            lock.release()
            log("holder out")

    async def waiter(name):
        try:
            await lock.acquire()
        except asyncio.CancelledError:
            log(name, "cancelled while waiting, locked:", lock.locked())
            raise
        try:
            log(name, "in")
            await sleep(1)
        finally:
            lock.release()
            log(name, "out")

    h = asyncio.create_task(holder())
    await sleep(0)
    b = asyncio.create_task(waiter("b"))
    c = asyncio.create_task(waiter("c"))
    await sleep(1)
    b.cancel()
    await asyncio.gather(h, b, c, return_exceptions=True)
    log("outcomes", [outcome(t) for t in (h, b, c)], "locked", lock.locked())


@scenario
async def lock_woken_then_cancelled():
    lock = asyncio.Lock()
    await lock.acquire()

    async def waiter(name):
        try:
            await lock.acquire()
        except asyncio.CancelledError:
            log(name, "cancelled at acquire, locked:", lock.locked())
            raise
        log(name, "in")
        lock.release()

    b = asyncio.create_task(waiter("b"))
    c = asyncio.create_task(waiter("c"))
    await sleep(0)
    lock.release()  # wakes b...
    b.cancel()  # ...which is cancelled before it runs: c gets the lock
    await asyncio.gather(b, c, return_exceptions=True)
    log("outcomes", [outcome(t) for t in (b, c)], "locked", lock.locked())


@scenario
async def lock_cancel_racing_acquire():
    # b's acquire succeeds, and in the same loop turn x cancels b: b must
    # still run its critical section's finally (the cancellation lands inside)
    lock = asyncio.Lock()
    await lock.acquire()
    go = asyncio.get_running_loop().create_future()

    async def b():
        try:
            await lock.acquire()
        except asyncio.CancelledError:
            log("b cancelled at acquire")
            raise
        try:
            log("b in")
            await sleep(1)
            log("b not cancelled")
        except asyncio.CancelledError:
            log("b cancelled inside")
            raise
        finally:
            lock.release()
            log("b released")

    async def x():
        await go
        log("x cancels b")
        bt.cancel()

    bt = asyncio.create_task(b())
    xt = asyncio.create_task(x())
    await sleep(0)
    lock.release()
    go.set_result(None)
    await asyncio.gather(bt, xt, return_exceptions=True)
    log("outcomes", [outcome(t) for t in (bt, xt)], "locked", lock.locked())


@scenario
async def semaphore_cancellation():
    sem = asyncio.Semaphore(2)
    go = asyncio.get_running_loop().create_future()

    async def worker(name, n):
        try:
            await sem.acquire()
        except asyncio.CancelledError:
            log(name, "cancelled at acquire")
            raise
        try:
            log(name, "in")
            await sleep(n)
        except asyncio.CancelledError:
            log(name, "cancelled inside")
            raise
        finally:
            sem.release()
            log(name, "out")

    async def x():
        await go
        log("x cancels c")
        ts[2].cancel()

    ts = [asyncio.create_task(worker(n, i + 1)) for i, n in enumerate(["a", "b", "c", "d", "e"])]
    xt = asyncio.create_task(x())
    await sleep(0)
    ts[3].cancel()  # d: cancelled while waiting
    await sleep(1)  # a is out: its unit goes to c...
    go.set_result(None)  # ...and x cancels c in the same turn
    await asyncio.gather(*ts, xt, return_exceptions=True)
    log("outcomes", [outcome(t) for t in ts], "locked", sem.locked())


@scenario
async def queue_get_cancellation():
    q = asyncio.Queue()
    go = asyncio.get_running_loop().create_future()
    got = []

    async def consumer(name):
        try:
            item = await q.get()
        except asyncio.CancelledError:
            log(name, "cancelled at get")
            raise
        got.append(item)
        log(name, "got", item)
        try:
            await sleep(1)
        except asyncio.CancelledError:
            log(name, "cancelled after getting", item)
            raise

    async def x():
        await go
        log("x cancels b")
        b.cancel()

    a = asyncio.create_task(consumer("a"))
    b = asyncio.create_task(consumer("b"))
    c = asyncio.create_task(consumer("c"))
    xt = asyncio.create_task(x())
    await sleep(0)
    a.cancel()  # waiting: cancelled without an item
    await sleep(0)
    q.put_nowait(1)  # wakes b...
    go.set_result(None)  # ...and x cancels b in the same turn: b has the item
    await sleep(0)
    q.put_nowait(2)
    await asyncio.gather(a, b, c, xt, return_exceptions=True)
    log("got", got, "left", q.qsize(), "outcomes", [outcome(t) for t in (a, b, c)])


@scenario
async def queue_put_cancellation():
    q = asyncio.Queue(1)
    q.put_nowait("x0")

    async def producer(name, item):
        try:
            await q.put(item)
        except asyncio.CancelledError:
            log(name, "cancelled at put")
            raise
        log(name, "put", item)

    a = asyncio.create_task(producer("a", "a1"))
    b = asyncio.create_task(producer("b", "b1"))
    await sleep(0)
    a.cancel()  # waiting for a slot: cancelled without putting
    await sleep(0)
    log("get", await q.get())  # frees the slot: b's turn
    await asyncio.gather(a, b, return_exceptions=True)
    log("left", [q.get_nowait() for _ in range(q.qsize())], "outcomes", [outcome(t) for t in (a, b)])


@scenario
async def lifo_priority_get_cancelled():
    lq = asyncio.LifoQueue()
    pq = asyncio.PriorityQueue()

    async def getter(q, name):
        try:
            log(name, "got", await q.get())
        except asyncio.CancelledError:
            log(name, "cancelled")
            raise

    g1 = asyncio.create_task(getter(lq, "lifo1"))
    g2 = asyncio.create_task(getter(lq, "lifo2"))
    p1 = asyncio.create_task(getter(pq, "prio1"))
    await sleep(0)
    g1.cancel()
    for i in (1, 2, 3):
        lq.put_nowait(i)
    for i in (3, 1, 2):
        pq.put_nowait(i)
    await asyncio.gather(g1, g2, p1, return_exceptions=True)
    log("lifo left", [lq.get_nowait() for _ in range(lq.qsize())], "prio left", [pq.get_nowait() for _ in range(pq.qsize())])


@scenario
async def condition_cancellation():
    cond = asyncio.Condition()
    go = asyncio.get_running_loop().create_future()

    async def waiter(name):
        await cond.acquire()
        try:
            try:
                await cond.wait()
                log(name, "notified, locked:", cond.locked())
            except asyncio.CancelledError:
                log(name, "cancelled in wait, locked:", cond.locked())
                raise
            await sleep(0)
            log(name, "not cancelled")
        except asyncio.CancelledError:
            log(name, "cancelled after wait")
            raise
        finally:
            cond.release()

    async def x():
        await go
        log("x cancels b")
        b.cancel()

    a = asyncio.create_task(waiter("a"))
    b = asyncio.create_task(waiter("b"))
    c = asyncio.create_task(waiter("c"))
    xt = asyncio.create_task(x())
    await sleep(0)
    a.cancel()  # waiting: re-acquires the lock, then raises
    await sleep(0)
    await cond.acquire()
    cond.notify(1)  # b...
    cond.release()
    await sleep(1)
    go.set_result(None)  # x cancels b after its wait returned
    await sleep(1)
    await cond.acquire()
    cond.notify_all()
    cond.release()
    await asyncio.gather(a, b, c, xt, return_exceptions=True)
    log("outcomes", [outcome(t) for t in (a, b, c)], "locked", cond.locked())


@scenario
async def condition_notified_then_cancelled():
    # a waiter notified and cancelled before it resumes passes the notification on
    cond = asyncio.Condition()

    async def waiter(name):
        async with cond:
            try:
                await cond.wait()
                log(name, "notified")
            except asyncio.CancelledError:
                log(name, "cancelled, locked:", cond.locked())
                raise

    a = asyncio.create_task(waiter("a"))
    b = asyncio.create_task(waiter("b"))
    await sleep(0)
    async with cond:
        cond.notify(1)
        a.cancel()
    # Python < 3.13 loses the notification (b waits for ever): bounded wait
    await asyncio.wait([a, b], timeout=5 * T)
    log("outcomes", [outcome(t) for t in (a, b)])
    b.cancel()
    await asyncio.gather(b, return_exceptions=True)


@scenario
async def condition_wait_for():
    cond = asyncio.Condition()
    state = {"n": 0}

    async def waiter(name, k):
        async with cond:
            try:
                r = await cond.wait_for(lambda: state["n"] >= k and state["n"])
                log(name, "saw", r)
            except asyncio.CancelledError:
                log(name, "cancelled, locked:", cond.locked())
                raise

    a = asyncio.create_task(waiter("a", 2))
    b = asyncio.create_task(waiter("b", 1))
    c = asyncio.create_task(waiter("c", 3))
    await sleep(0)
    c.cancel()
    for _ in range(2):
        async with cond:
            state["n"] += 1
            cond.notify_all()
        await sleep(0)
    await asyncio.gather(a, b, c, return_exceptions=True)
    log("outcomes", [outcome(t) for t in (a, b, c)])


@scenario
async def event_cancellation():
    ev = asyncio.Event()
    go = asyncio.get_running_loop().create_future()

    async def waiter(name):
        try:
            r = await ev.wait()
            log(name, "woke", r)
            await sleep(1)
            log(name, "not cancelled")
        except asyncio.CancelledError:
            log(name, "cancelled")
            raise

    async def x():
        await go
        log("x cancels b")
        b.cancel()

    a = asyncio.create_task(waiter("a"))
    b = asyncio.create_task(waiter("b"))
    c = asyncio.create_task(waiter("c"))
    xt = asyncio.create_task(x())
    await sleep(0)
    a.cancel()
    await sleep(0)
    ev.set()
    go.set_result(None)  # x cancels b in the turn b wakes: b woke, cancelled at its next await
    await asyncio.gather(a, b, c, xt, return_exceptions=True)
    log("outcomes", [outcome(t) for t in (a, b, c)], "is_set", ev.is_set())


# ---- tasks and combinators -------------------------------------------------------


@scenario
async def task_cancel_finally():
    async def work():
        try:
            log("work sleeps")
            await sleep(10)
            log("work woke")
        except asyncio.CancelledError as e:
            log("work cancelled:", e)
            raise
        finally:
            log("finally starts")
            await sleep(1)  # a finally may await
            log("finally ends")

    t = asyncio.create_task(work())
    await sleep(1)
    log("cancel", t.cancel("stop it"))
    log("cancel again", t.cancel())
    try:
        await t
    except asyncio.CancelledError as e:
        log("awaiting it raised CancelledError")
    log("cancelled", t.cancelled(), "cancel when done", t.cancel())


@scenario
async def task_cancel_swallowed():
    async def stubborn():
        try:
            await sleep(10)
        except asyncio.CancelledError:
            log("swallowed, cancelling", asyncio.current_task().cancelling())
        await sleep(1)
        return "finished anyway"

    t = asyncio.create_task(stubborn())
    await sleep(1)
    t.cancel()
    log("result", await t, "cancelled", t.cancelled())


@scenario
async def gather_return_exceptions():
    async def ok(v, n):
        await sleep(n)
        return v

    async def fail(n):
        await sleep(n)
        raise Boom("b")

    async def forever():
        await sleep(100)

    f = asyncio.create_task(forever())
    g = asyncio.gather(ok(1, 2), fail(1), f, ok(2, 0), return_exceptions=True)
    await sleep(1)
    f.cancel()
    r = await g
    log("results", r)
    try:
        await asyncio.gather(ok(1, 1), fail(2))
    except Boom as e:
        log("without return_exceptions:", e)


@scenario
async def gather_cancelled():
    async def child(name, n):
        try:
            await sleep(n)
            return name
        except asyncio.CancelledError:
            log(name, "cancelled")
            raise

    g = asyncio.gather(child("a", 1), child("b", 2))
    await sleep(0)
    log("cancel", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        log("gather raised CancelledError")
    log("cancelled", g.cancelled())


@scenario
async def wait_first_completed():
    async def job(name, n):
        await sleep(n)
        return name

    ts = [asyncio.create_task(job(n, k), name=n) for n, k in (("slow", 3), ("fast", 1), ("mid", 2))]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    log("done", sorted(t.get_name() for t in done), "pending", sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(ts, timeout=1.5 * T)
    log("after timeout: done", sorted(t.get_name() for t in done), "pending", sorted(t.get_name() for t in pending))
    done, pending = await asyncio.wait(ts)
    log("all: done", sorted(t.result() for t in done), "pending", len(pending))


@scenario
async def wait_for_timeout():
    async def slow():
        try:
            await sleep(10)
            return "slow done"
        except asyncio.CancelledError:
            log("slow cancelled")
            raise

    try:
        await asyncio.wait_for(slow(), 1 * T)
    except TimeoutError as e:
        log("timed out:", type(e).__name__)
    log("in time:", await asyncio.wait_for(sleep(1, "quick"), 5 * T))
    t = asyncio.create_task(slow())
    try:
        await asyncio.wait_for(t, 1 * T)
    except TimeoutError:
        log("task cancelled by wait_for:", t.cancelled())


@scenario
async def shield_inner_survives():
    async def inner():
        try:
            await sleep(2)
            log("inner done")
            return "inner result"
        except asyncio.CancelledError:
            log("inner cancelled")
            raise

    it = asyncio.create_task(inner())

    async def outer():
        try:
            return await asyncio.shield(it)
        except asyncio.CancelledError:
            log("outer cancelled")
            raise

    o = asyncio.create_task(outer())
    await sleep(1)
    o.cancel()
    await asyncio.gather(o, return_exceptions=True)
    log("outer", outcome(o), "inner done yet", it.done())
    log("inner", await it)


@scenario
async def taskgroup_failing_child():
    # asyncio keeps the children in a set: the order they are cancelled in
    # is arbitrary, so the cancelled ones are listed sorted
    cancelled = []

    async def child(name, n, fail=False):
        try:
            await sleep(n)
            if fail:
                log(name, "fails")
                raise Boom(name)
            log(name, "done")
            return name
        except asyncio.CancelledError:
            cancelled.append(name)
            raise

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("a", 3))
            tg.create_task(child("b", 1, fail=True))
            tg.create_task(child("c", 2))
            log("body done")
    except BaseException as e:  # the shape differs: see the test
        errors = e.exceptions if hasattr(e, "exceptions") else [e]
        log("group failed:", type(e).__name__, "with", len(errors), "error(s):", list(errors))
    log("cancelled children", sorted(cancelled))
    log("cancelling", asyncio.current_task().cancelling())


@scenario
async def taskgroup_cancelled_from_outside():
    cancelled = []

    async def child(name, n):
        try:
            await sleep(n)
            log(name, "done")
        except asyncio.CancelledError:
            cancelled.append(name)
            raise

    async def runner():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("a", 2))
            tg.create_task(child("b", 3))
        log("not reached")

    r = asyncio.create_task(runner())
    await sleep(1)
    r.cancel()
    await asyncio.gather(r, return_exceptions=True)
    log("runner", outcome(r), "cancelled children", sorted(cancelled))


@scenario
async def uncancel_cancelling():
    async def work():
        me = asyncio.current_task()
        try:
            await sleep(10)
        except asyncio.CancelledError:
            log("caught, cancelling", me.cancelling())
            log("uncancel ->", me.uncancel())
        try:
            await sleep(10)
        except asyncio.CancelledError:
            log("caught again, cancelling", me.cancelling())
            log("uncancel ->", me.uncancel(), me.uncancel())
        await sleep(1)
        return "survived"

    t = asyncio.create_task(work())
    await sleep(1)
    t.cancel()
    t.cancel()
    log("requests", t.cancelling())
    await sleep(1)
    t.cancel()
    log("result", await t)


# ---- deliberate differences (the test asserts our behaviour and says why) -----------


@scenario
async def eager_start():
    async def work():
        log("work starts")
        await sleep(0)
        log("work resumes")

    log("before")
    t = asyncio.create_task(work())
    log("after create_task")
    await t


@scenario
async def done_callbacks_order():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    loop.call_soon(log, "call_soon before")
    f.add_done_callback(lambda _: log("done callback"))
    f.set_result(1)
    loop.call_soon(log, "call_soon after")
    await sleep(0)
    await sleep(0)


@scenario
async def equal_deadlines():
    loop = asyncio.get_running_loop()
    when = loop.time() + 1 * T
    out = []
    for i in range(8):
        loop.call_at(when, out.append, i)
    await sleep(3)
    log("order", out)


def main():
    if sys.version_info < (3, 13):
        sys.exit("record with Python >= 3.13 (this is " + sys.version.split()[0] + "): older asyncio differs (Condition.wait, TaskGroup)")
    only = sys.argv[1:]
    expected = {}
    for name, fn in SCENARIOS.items():
        if only and name not in only:
            continue
        LINES.clear()
        asyncio.run(fn())
        expected[name] = list(LINES)
    if only:
        for name in only:
            print(name, json.dumps(expected[name], indent=2))
        return
    out = {
        "python": sys.version.split()[0],
        "note": "recorded by scenarios.py; regenerate with: python3 test/runtime/asyncio-contracts/scenarios.py",
        "scenarios": expected,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")
    print("wrote", path, len(expected), "scenarios")


if __name__ == "__main__":
    main()
