/**
 * Test helpers: writing protocol coroutines (see packages/runtime/src/protocol.ts)
 * as generator functions, so tests read like async functions:
 *
 *     spawn(function* () { const x = yield fut; return x + 1; })
 *
 * behaves like calling `async function () { const x = await fut; return x + 1; }`:
 * the body runs synchronously to its first `yield` (await), `yield v` suspends
 * on v, a failed await is thrown into the generator at its `yield`, and the
 * returned value is adopted by the task. Shared with other suites: keep stable.
 */
import {
  EventLoop,
  VirtualClock,
  startCoroutine,
  type Task,
  type EventLoopOptions,
} from "../../packages/runtime/src/index";
import type { CoroutineBody, CoroutineMeta, Frame } from "../../packages/runtime/src/protocol";

type Gen<T> = Generator<unknown, T, any>;

/**
 * Resume points of the adapter: 0 is the one await (every `yield`); 1 is the
 * catch landing of the region [0, 1) that covers it, where a thrown-in error
 * is handed to the generator. Once the generator has thrown out, co.s is DONE
 * so the same error does not land again.
 */
const SPAWN_REGIONS = [0, 1, -1, 2];

/** A generator as a hand-written coroutine (protocol.ts): its body and meta, for startCoroutine or loop.createTask. */
export function generatorCoroutine<T = unknown>(genFn: () => Gen<T>, meta?: CoroutineMeta): { body: CoroutineBody; meta: CoroutineMeta } {
  const gen = genFn();
  const body = function (co: Frame, v: any): any {
    let r: IteratorResult<unknown, T>;
    try {
      if (co.s === 1) {
        co.s = 0;
        r = gen.throw(v);
      } else r = gen.next(v);
    } catch (e) {
      co.s = -1;
      throw e;
    }
    if (r.done) co.s = -1;
    return r.value;
  };
  const m: CoroutineMeta = { n: (meta && meta.n) || genFn.name || "<spawn>", r: SPAWN_REGIONS };
  if (meta && meta.f !== undefined) m.f = meta.f;
  if (meta && meta.a !== undefined) m.a = meta.a;
  return { body, meta: m };
}

/** Starts a generator function as a compiled async function call would: returns its Task. */
export function spawn<T = unknown>(genFn: () => Gen<T>, meta?: CoroutineMeta): Task<T> {
  const co = generatorCoroutine(genFn, meta);
  return startCoroutine<T>(co.body, co.meta);
}

/** Wraps a generator function as an "async function": each call spawns it with the call's arguments. */
export function asyncFn<A extends unknown[], T>(genFn: (...args: A) => Gen<T>): (...args: A) => Task<T> {
  return function (...args: A) {
    return spawn(function () {
      return genFn(...args);
    }, { n: genFn.name || "<async>" });
  };
}

/** A loop on a virtual clock that jumps by itself (the embedder drives it). */
export function virtualLoop(options?: EventLoopOptions): EventLoop {
  const o: EventLoopOptions = { clock: new VirtualClock() };
  if (options) for (const k of Object.keys(options) as (keyof EventLoopOptions)[]) (o as any)[k] = options[k];
  return new EventLoop(o);
}

/** Collects exception-handler reports of a loop (messages, and the contexts). */
export function captureExceptions(loop: EventLoop): { messages: string[]; contexts: any[] } {
  const out = { messages: [] as string[], contexts: [] as any[] };
  loop.setExceptionHandler(function (_loop, context) {
    out.messages.push(context.message);
    out.contexts.push(context);
  });
  return out;
}
