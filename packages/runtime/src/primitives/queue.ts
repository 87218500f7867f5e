/**
 * Queue, LifoQueue, PriorityQueue: asyncio's queues (3.13, with shutdown).
 *
 * A waiting get() or put() parks a waiter future; put/get wake the first
 * one. A woken waiter re-checks the queue when it resumes (someone may have
 * taken the item first) and waits again at the back of the line if needed.
 * A waiter that is woken but cancelled before it resumes passes the
 * wake-up on, so no item or free slot is ever left with nobody woken for it.
 *
 * get(), put() and join() hand out delivering tasks (loop-bound.ts): once
 * get() has taken an item (put() has stored one), the caller gets it even if
 * a cancellation lands before the caller resumes (the CancelledError comes
 * at its next await). An item is "got and returned" or "not got", never
 * lost; a put is "stored and returned" or "not stored".
 *
 * get() is a hand-written coroutine (protocol.ts); put() is the mirror image:
 *
 *     while (empty()) {                                            // 0
 *       if (shut down) throw QueueShutDown
 *       getter = new waiter; getters.push(getter)
 *       try { await getter }                                       // 1
 *       catch (e) {                                                // 2
 *         getter.cancel(); remove(getter)
 *         if (!empty() && !getter.cancelled()) wakeUpNext(getters)
 *         throw e
 *       }
 *     }
 *     return getNowait()
 */
import { startCoroutine, type Task } from "../task";
import { InvalidStateError, QueueEmpty, QueueFull, QueueShutDown } from "../errors";
import { DONE, type CoroutineMeta, type Frame } from "../protocol";
import type { Future } from "../future";
import { LoopBound, delivering, removeItem } from "./loop-bound";
import { Event } from "./event";

const GET_META: CoroutineMeta = { n: "Queue.get", r: [1, 2, -1, 3] };
const PUT_META: CoroutineMeta = { n: "Queue.put", r: [1, 2, -1, 3] };
const JOIN_META: CoroutineMeta = { n: "Queue.join" };

export class Queue<T = unknown> extends LoopBound {
  /** @internal */ _maxsize: number;
  /** @internal waiter futures of blocked get() calls, oldest first */
  _getters: Future<void>[] = [];
  /** @internal waiter futures of blocked put() calls, oldest first */
  _putters: Future<void>[] = [];
  /** @internal items put and not yet marked done with taskDone() */
  _unfinished = 0;
  /** @internal set while _unfinished is 0 */
  _finished = new Event();
  /** @internal */ _isShutdown = false;
  /** @internal the storage; subclasses choose the order (_put/_get) */
  _items: T[] = [];
  /** @internal index of the FIFO head in _items */
  _head = 0;

  /** maxsize <= 0 (the default): unbounded. */
  constructor(maxsize?: number) {
    super();
    this._maxsize = maxsize === undefined ? 0 : maxsize;
    this._finished.set();
  }

  /** Number of items allowed in the queue (<= 0: unbounded). */
  get maxsize(): number {
    return this._maxsize;
  }

  qsize(): number {
    return this._items.length - this._head;
  }

  empty(): boolean {
    return this.qsize() === 0;
  }

  full(): boolean {
    return this._maxsize > 0 && this.qsize() >= this._maxsize;
  }

  /** Puts an item, waiting for a free slot while the queue is full. */
  put(item: T): Task<void> {
    const self = this;
    let putter: Future<void>;
    return delivering(startCoroutine<void>(function (co: Frame, v: any): any {
      for (;;) {
        switch (co.s) {
          case 0:
            if (!self.full()) {
              self.putNowait(item);
              co.s = DONE;
              return undefined;
            }
            if (self._isShutdown) throw new QueueShutDown();
            putter = self._createWaiter<void>();
            self._putters.push(putter);
            co.s = 1;
            return putter;
          case 1:
            co.s = 0;
            break;
          case 2:
            putter.cancel(); // in case it is not done yet
            removeItem(self._putters, putter); // a get or shutdown may have taken it out already
            // woken by a get but unable to take the slot: wake the next in line
            if (!self.full() && !putter.cancelled()) wakeUpNext(self._putters);
            throw v;
        }
      }
    }, PUT_META));
  }

  /** Puts an item now; QueueFull when full, QueueShutDown once shut down. */
  putNowait(item: T): void {
    if (this._isShutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this._put(item);
    this._unfinished++;
    this._finished.clear();
    wakeUpNext(this._getters);
  }

  /** Removes and returns an item, waiting while the queue is empty. */
  get(): Task<T> {
    const self = this;
    let getter: Future<void>;
    return delivering(startCoroutine<T>(function (co: Frame, v: any): any {
      for (;;) {
        switch (co.s) {
          case 0:
            if (!self.empty()) {
              const item = self.getNowait();
              co.s = DONE;
              return item;
            }
            if (self._isShutdown) throw new QueueShutDown();
            getter = self._createWaiter<void>();
            self._getters.push(getter);
            co.s = 1;
            return getter;
          case 1:
            co.s = 0;
            break;
          case 2:
            getter.cancel(); // in case it is not done yet
            removeItem(self._getters, getter); // a put or shutdown may have taken it out already
            // woken by a put but unable to take the item: wake the next in line
            if (!self.empty() && !getter.cancelled()) wakeUpNext(self._getters);
            throw v;
        }
      }
    }, GET_META));
  }

  /** Removes and returns an item now; QueueEmpty when empty (QueueShutDown once shut down and empty). */
  getNowait(): T {
    if (this.empty()) {
      if (this._isShutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this._get();
    wakeUpNext(this._putters);
    return item;
  }

  /** Marks one item taken with get() as processed; join() waits for all of them. */
  taskDone(): void {
    if (this._unfinished <= 0) throw new InvalidStateError("taskDone() called too many times");
    this._unfinished--;
    if (this._unfinished === 0) this._finished.set();
  }

  /** Waits until every item put has been marked done with taskDone(). */
  join(): Task<void> {
    const self = this;
    return delivering(startCoroutine<void>(function (co: Frame): any {
      if (co.s === 0 && self._unfinished > 0) {
        co.s = 1;
        return self._finished.wait();
      }
      co.s = DONE;
      return undefined;
    }, JOIN_META));
  }

  /**
   * Shuts the queue down: put() and putNowait() throw QueueShutDown from
   * now on, and get() does once the queue is empty; blocked callers are
   * woken to see it. With `immediate`, the items left are dropped (and
   * counted as done for join()), so get() throws at once.
   */
  shutdown(immediate?: boolean): void {
    this._isShutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this._get();
        if (this._unfinished > 0) this._unfinished--;
      }
      if (this._unfinished === 0) this._finished.set();
    }
    // every blocked caller re-checks and throws QueueShutDown
    while (this._getters.length > 0) {
      const getter = this._getters.shift()!;
      if (!getter.done()) getter.setResult(undefined);
    }
    while (this._putters.length > 0) {
      const putter = this._putters.shift()!;
      if (!putter.done()) putter.setResult(undefined);
    }
  }

  /** @internal storage order: FIFO here, overridden by the subclasses */
  _put(item: T): void {
    this._items.push(item);
  }

  /** @internal */
  _get(): T {
    const items = this._items;
    const item = items[this._head];
    items[this._head++] = undefined as any;
    if (this._head === items.length) {
      this._items = [];
      this._head = 0;
    } else if (this._head > 32 && this._head * 2 > items.length) {
      items.splice(0, this._head);
      this._head = 0;
    }
    return item;
  }
}

/** Wakes the first waiter that is not done, taking it out of the line. */
function wakeUpNext(waiters: Future<void>[]): void {
  while (waiters.length > 0) {
    const waiter = waiters.shift()!;
    if (!waiter.done()) {
      waiter.setResult(undefined);
      break;
    }
  }
}

/** A queue that returns the most recently added item first. */
export class LifoQueue<T = unknown> extends Queue<T> {
  _get(): T {
    return this._items.pop()!;
  }
}

/**
 * A queue that returns the smallest item first (a binary heap). Items are
 * compared with `compare` or, by default, as Python compares them: arrays
 * element by element (so `[priority, data]` pairs work), anything else
 * with < and >.
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  /** @internal */ _compare: (a: T, b: T) => number;

  constructor(maxsize?: number, compare?: (a: T, b: T) => number) {
    super(maxsize);
    this._compare = compare || defaultCompare;
  }

  _put(item: T): void {
    const heap = this._items;
    const cmp = this._compare;
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (cmp(heap[i], heap[parent]) >= 0) break;
      swap(heap, i, parent);
      i = parent;
    }
  }

  _get(): T {
    const heap = this._items;
    const cmp = this._compare;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && cmp(heap[l], heap[m]) < 0) m = l;
        if (r < heap.length && cmp(heap[r], heap[m]) < 0) m = r;
        if (m === i) break;
        swap(heap, i, m);
        i = m;
      }
    }
    return top;
  }
}

function swap(a: unknown[], i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function isArray(x: unknown): x is unknown[] {
  return Object.prototype.toString.call(x) === "[object Array]";
}

/** Python-like ordering: arrays lexicographically, everything else with < and >. */
export function defaultCompare(a: any, b: any): number {
  if (isArray(a) && isArray(b)) {
    const n = a.length < b.length ? a.length : b.length;
    for (let i = 0; i < n; i++) {
      const c = defaultCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
