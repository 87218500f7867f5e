/** Exact type equality, for a consumer that has no test framework's types. */
export type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** Compiles only when T is true: `assertType<Equal<A, B>>()`. */
export function assertType<T extends true>(): T | void {}
