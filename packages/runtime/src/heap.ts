/**
 * A binary min-heap of timers ordered by (deadline, insertion order).
 * Cancelled timers stay until they reach the top or until more than half of
 * the heap is cancelled, when it is rebuilt (as asyncio does).
 */
import type { TimerHandle } from "./handle";

function before(a: TimerHandle, b: TimerHandle): boolean {
  const wa = a.when();
  const wb = b.when();
  return wa < wb || (wa === wb && a._seq < b._seq);
}

export class TimerHeap {
  private items: TimerHandle[] = [];
  private cancelledCount = 0;

  size(): number {
    return this.items.length - this.cancelledCount;
  }

  push(t: TimerHandle): void {
    t._inHeap = true;
    const items = this.items;
    let i = items.length;
    items.push(t);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(t, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = t;
  }

  /** the earliest live timer, pruning cancelled ones from the top */
  peek(): TimerHandle | null {
    const items = this.items;
    while (items.length > 0 && items[0]._cancelled) {
      this.popTop();
      this.cancelledCount--;
    }
    return items.length > 0 ? items[0] : null;
  }

  /** removes and returns the earliest live timer */
  pop(): TimerHandle | null {
    const top = this.peek();
    if (top !== null) this.popTop();
    return top;
  }

  /** a timer still in the heap was cancelled */
  noteCancelled(): void {
    this.cancelledCount++;
    if (this.cancelledCount > 100 && this.cancelledCount * 2 > this.items.length) this.rebuild();
  }

  /** all live timers, earliest first (for inspection) */
  snapshot(): TimerHandle[] {
    const live: TimerHandle[] = [];
    for (let i = 0; i < this.items.length; i++) if (!this.items[i]._cancelled) live.push(this.items[i]);
    live.sort((a, b) => (before(a, b) ? -1 : 1));
    return live;
  }

  clear(): void {
    for (let i = 0; i < this.items.length; i++) this.items[i]._inHeap = false;
    this.items = [];
    this.cancelledCount = 0;
  }

  private popTop(): void {
    const items = this.items;
    items[0]._inHeap = false;
    const last = items.pop()!;
    if (items.length === 0) return;
    let i = 0;
    const n = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(items[r], items[l]) ? r : l;
      if (!before(items[c], last)) break;
      items[i] = items[c];
      i = c;
    }
    items[i] = last;
  }

  private rebuild(): void {
    const old = this.items;
    this.items = [];
    this.cancelledCount = 0;
    for (let i = 0; i < old.length; i++) {
      if (old[i]._cancelled) old[i]._inHeap = false;
      else this.push(old[i]);
    }
  }
}
