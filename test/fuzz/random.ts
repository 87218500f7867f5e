/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the choices the
 * generator makes with it. Never Math.random: a (seed, index) pair must
 * regenerate the same program on every machine.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    let s = 0x9e3779b9;
    for (const x of seeds) s = mix(s ^ (x >>> 0)) ^ mix((x / 0x100000000) >>> 0);
    this.a = mix((s += 0x9e3779b9));
    this.b = mix((s += 0x9e3779b9));
    this.c = mix((s += 0x9e3779b9));
    this.d = mix((s += 0x9e3779b9));
    for (let i = 0; i < 12; i++) this.next();
  }

  /** a uniform 32-bit unsigned integer */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** an integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }

  /** true with probability p */
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.next() % items.length];
  }

  /** one of the keys of a weight table, proportionally to its weight (0 = never) */
  weighted<K extends string>(table: Partial<Record<K, number>>): K {
    const entries = Object.entries(table) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = (this.next() / 0x100000000) * total;
    let last = entries[0][0];
    for (const [k, w] of entries) {
      if (w <= 0) continue;
      if (r < w) return k;
      r -= w;
      last = k;
    }
    return last;
  }
}

/** splitmix32's finaliser */
function mix(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
