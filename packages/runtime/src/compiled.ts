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
export function iteratorOf(value: unknown): IteratorLike {
  const x = value as any;
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
    const items = this.items;
    if (this.i >= items.length) return { done: true, value: undefined };
    if (typeof items === "string") {
      // strings iterate by code point: a surrogate pair is one element
      const s = items as string;
      const first = s.charCodeAt(this.i);
      const size = first >= 0xd800 && first <= 0xdbff && this.i + 1 < s.length && isLowSurrogate(s.charCodeAt(this.i + 1)) ? 2 : 1;
      const value = size === 2 ? s.charAt(this.i) + s.charAt(this.i + 1) : s.charAt(this.i);
      this.i += size;
      return { done: false, value };
    }
    return { done: false, value: items[this.i++] };
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** IteratorNext: it.next(), which must return an object. */
export function iteratorStep(it: IteratorLike): { done?: boolean; value?: unknown } {
  const step = it.next();
  if (step === null || (typeof step !== "object" && typeof step !== "function")) {
    throw new TypeError("Iterator result " + String(step) + " is not an object");
  }
  return step;
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
export function forInKeys(x: unknown): string[] {
  const keys: string[] = [];
  if (x === null || x === undefined) return keys;
  const seen: { [key: string]: boolean } = {};
  for (const key in x) {
    // a copy of the key: MuJS hands out array-index keys that share one buffer
    const k = String(key);
    if (!Object.prototype.hasOwnProperty.call(seen, k)) {
      seen[k] = true;
      keys.push(k);
    }
  }
  return keys;
}

/** The rest of an object pattern: own enumerable properties whose keys are not in `used`. */
export function objectRest(source: unknown, used: unknown[]): { [key: string]: unknown } {
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

/**
 * A tagged template's strings array (frozen, with a frozen `raw`), for a tag
 * called with an explicit receiver. The compiled code caches one per site, so
 * every evaluation of the site passes the same object, as natively.
 */
export function templateObject(cooked: Array<string | undefined>, raw: string[]): Array<string | undefined> {
  const O: any = Object;
  const freeze = typeof O.freeze === "function" ? O.freeze : function (o: unknown) { return o; };
  Object.defineProperty(cooked, "raw", { value: freeze(raw) });
  return freeze(cooked);
}
