/**
 * Compiled async functions answer the checks libraries use to tell async
 * functions apart, as native ones do: `fn[Symbol.toStringTag]` is
 * "AsyncFunction", `fn.constructor.name` is "AsyncFunction",
 * `Object.prototype.toString.call(fn)` is "[object AsyncFunction]", and
 * `fn instanceof AsyncFunction` holds for the `AsyncFunction` the compiled
 * code sees (`(async () => {}).constructor`, compiled too). The compiled
 * code calls these helpers once per function object (never per call), where
 * the function is created.
 *
 * Where the host lacks Object.setPrototypeOf (and __proto__), as MuJS does,
 * compiled functions stay plain functions.
 */

declare const Symbol: any;

const O: any = Object;
const setPrototype: ((o: object, proto: object) => void) | null =
  typeof O.setPrototypeOf === "function"
    ? O.setPrototypeOf
    : ({} as any).__proto__ === Object.prototype
      ? function (o: any, proto: object) {
          o.__proto__ = proto;
        }
      : null;

/**
 * The host's own AsyncFunction.prototype where it has async functions (Node,
 * browsers): compiled functions then share it with native ones, so
 * `Object.getPrototypeOf(compiled) === Object.getPrototypeOf(async () => {})`
 * even in code the plugin did not compile. Found by compiling a string,
 * which a host without async syntax (Duktape, MuJS) or with a content
 * security policy refuses: then the runtime makes its own.
 */
function hostAsyncFunctionPrototype(): object | null {
  try {
    return Function("return Object.getPrototypeOf(async function () {})")();
  } catch (e) {
    return null;
  }
}

/**
 * Where the host has none: an AsyncFunction constructor for compiled code.
 * Creating an async function from a string would need the compiler at run
 * time: not supported (see the README).
 */
function OwnAsyncFunction(_body?: unknown): never {
  throw new Error("coloop: creating async functions from strings (new AsyncFunction(...)) is not supported on this host");
}

function ownAsyncFunctionPrototype(): object {
  const proto = O.create(Function.prototype);
  O.defineProperty(proto, "constructor", { value: OwnAsyncFunction, writable: false, enumerable: false, configurable: true });
  if (typeof Symbol === "function" && typeof Symbol.toStringTag === "symbol") {
    O.defineProperty(proto, Symbol.toStringTag, { value: "AsyncFunction", writable: false, enumerable: false, configurable: true });
  }
  O.defineProperty(OwnAsyncFunction, "prototype", { value: proto, writable: false, enumerable: false, configurable: false });
  try {
    O.defineProperty(OwnAsyncFunction, "name", { value: "AsyncFunction", configurable: true });
  } catch (e) {
    // ES5 hosts: a function's name is not configurable, and nothing reads it
  }
  if (setPrototype !== null) setPrototype(OwnAsyncFunction, Function);
  return proto;
}

/** AsyncFunction.prototype: the host's, else a Function.prototype with the AsyncFunction tag and constructor. */
export const AsyncFunctionPrototype: object = hostAsyncFunctionPrototype() || ownAsyncFunctionPrototype();

/**
 * The AsyncFunction constructor (`(async () => {}).constructor`): the host's
 * where it has one (a function made from a string by it is native, and runs
 * on the host's promises, not on the loop), else one that refuses strings.
 */
export const AsyncFunction: AsyncFunctionConstructor = (AsyncFunctionPrototype as { constructor: AsyncFunctionConstructor }).constructor;

/** The AsyncFunction constructor's shape: it makes functions from source text, where the host can. */
export interface AsyncFunctionConstructor {
  new (...args: string[]): (...args: unknown[]) => PromiseLike<unknown>;
  (...args: string[]): (...args: unknown[]) => PromiseLike<unknown>;
  readonly prototype: object;
}

/**
 * Gives each function the AsyncFunction prototype; returns the first. A
 * declaration statement marks a function and its body's named helpers in one
 * call, hence the rest parameter.
 */
export function asAsyncFunction<F>(fn: F, ..._more: unknown[]): F {
  if (setPrototype !== null) {
    for (let i = 0; i < arguments.length; i++) {
      const f = arguments[i];
      if (typeof f === "function") setPrototype(f, AsyncFunctionPrototype);
    }
  }
  return fn;
}

/** Gives the async methods `keys` of an object (or a class's prototype, or a class) the AsyncFunction prototype. */
export function asAsyncMethods<T>(target: T, keys: string[]): T {
  if (setPrototype !== null) {
    for (let i = 0; i < keys.length; i++) {
      const d = O.getOwnPropertyDescriptor(target, keys[i]);
      if (d && typeof d.value === "function") setPrototype(d.value, AsyncFunctionPrototype);
    }
  }
  return target;
}
