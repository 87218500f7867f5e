/**
 * Helpers that compiled loops call. They work on ES5 engines too: where
 * there is no Symbol.iterator, arrays, strings and array-likes iterate by
 * index.
 */

declare const Symbol: any;

interface IteratorLike {
  next(): { done?: boolean; value?: unknown };
  return?: () => unknown;
}

/** GetIterator(x): x[Symbol.iterator](), or an index iterator for array-likes. */
export function iteratorOf(x: any): IteratorLike {
  const key = typeof Symbol === "function" ? Symbol.iterator : undefined;
  if (x !== null && x !== undefined) {
    if (key !== undefined && typeof x[key] === "function") {
      const it = x[key]();
      if (it === null || (typeof it !== "object" && typeof it !== "function")) throw new TypeError("Result of the Symbol.iterator method is not an object");
      return it;
    }
    if (typeof x === "string" || (typeof x === "object" && typeof x.length === "number")) return new IndexIterator(x);
  }
  throw new TypeError(String(x) + " is not iterable");
}

class IndexIterator implements IteratorLike {
  private i = 0;
  constructor(private readonly items: ArrayLike<unknown>) {}
  next(): { done: boolean; value: unknown } {
    if (this.i < this.items.length) return { done: false, value: this.items[this.i++] };
    return { done: true, value: undefined };
  }
}

/**
 * IteratorClose: calls it.return() when a loop is left early. After a throw
 * (`suppress`) the original error wins, so errors from return() are ignored.
 */
export function closeIterator(it: IteratorLike, suppress: boolean): void {
  const ret = it.return;
  if (ret === undefined || ret === null) return;
  if (suppress) {
    try {
      ret.call(it);
    } catch (e) {}
    return;
  }
  const result = ret.call(it);
  if (result === null || (typeof result !== "object" && typeof result !== "function")) {
    throw new TypeError("iterator.return() did not return an object");
  }
}

/** The keys a for-in loop visits, collected up front (own keys first, then the prototype chain's). */
export function forInKeys(x: any): string[] {
  const keys: string[] = [];
  if (x === null || x === undefined) return keys;
  const seen: { [key: string]: boolean } = {};
  for (const key in x) {
    if (!Object.prototype.hasOwnProperty.call(seen, key)) {
      seen[key] = true;
      keys.push(key);
    }
  }
  return keys;
}

/** The rest of an object pattern: own enumerable properties whose keys are not in `used`. */
export function objectRest(source: any, used: unknown[]): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  const skip: { [key: string]: boolean } = {};
  for (let i = 0; i < used.length; i++) skip[String(used[i])] = true;
  const obj = Object(source);
  for (const key in obj) {
    if (Object.prototype.hasOwnProperty.call(obj, key) && !Object.prototype.hasOwnProperty.call(skip, key)) out[key] = obj[key];
  }
  const O: any = Object;
  if (typeof O.getOwnPropertySymbols === "function") {
    const symbols = O.getOwnPropertySymbols(obj);
    for (let i = 0; i < symbols.length; i++) {
      const s = symbols[i];
      let isUsed = false;
      for (let j = 0; j < used.length; j++) if (used[j] === s) isUsed = true;
      if (!isUsed && Object.prototype.propertyIsEnumerable.call(obj, s)) out[s] = obj[s];
    }
  }
  return out;
}
