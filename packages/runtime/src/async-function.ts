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

/**
 * The AsyncFunction constructor of compiled code. Creating an async
 * function from a string would need the compiler at run time: not
 * supported (see the README).
 */
export function AsyncFunction(): never {
  throw new Error("coloop: creating async functions from strings (new AsyncFunction(...)) is not supported");
}

const O: any = Object;
const setPrototype: ((o: object, proto: object) => void) | null =
  typeof O.setPrototypeOf === "function"
    ? O.setPrototypeOf
    : ({} as any).__proto__ === Object.prototype
      ? function (o: any, proto: object) {
          o.__proto__ = proto;
        }
      : null;

/** AsyncFunction.prototype: a Function.prototype with the AsyncFunction tag and constructor. */
export const AsyncFunctionPrototype: object = (function () {
  const proto = O.create(Function.prototype);
  O.defineProperty(proto, "constructor", { value: AsyncFunction, writable: false, enumerable: false, configurable: true });
  if (typeof Symbol === "function" && typeof Symbol.toStringTag === "symbol") {
    O.defineProperty(proto, Symbol.toStringTag, { value: "AsyncFunction", writable: false, enumerable: false, configurable: true });
  }
  O.defineProperty(AsyncFunction, "prototype", { value: proto, writable: false, enumerable: false, configurable: false });
  if (setPrototype !== null) setPrototype(AsyncFunction, Function);
  return proto;
})();

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
