/**
 * The reducer, over the generator's tree (tree.ts), greedy and in rounds
 * until nothing more can go:
 *
 *   1. lists, outermost first: remove chunks of statements, halving the
 *      chunk size down to single statements (ddmin-like); `keep` items stay
 *      and then nested `{ … }` blocks: their statements in their place
 *   2. seq nodes with `alts`: replace the node by a smaller alternative
 *      (an expression by one of its operands or a literal, `await x` by x,
 *      an if by one branch, a try by its block, a loop's extra test by nothing)
 *
 * Every step renders its candidates and asks the oracle for the first one
 * that still diverges, so the oracle can test many candidates in one run.
 * Invalid candidates (a name removed but still used, a label gone) simply
 * fail the oracle; nothing that keeps a program terminating can be removed.
 */
import { print, walk, type List, type Part, type Seq } from "./tree";

/** index of the first candidate that still diverges, or -1 */
export type Oracle = (candidates: string[]) => Promise<number>;

interface Edit {
  apply(): void;
  revert(): void;
}

export interface ShrinkStats {
  rounds: number;
  candidates: number;
  accepted: number;
}

export async function shrink(root: Seq, oracle: Oracle, onStep?: (code: string) => void): Promise<ShrinkStats> {
  const stats: ShrinkStats = { rounds: 0, candidates: 0, accepted: 0 };
  const seen = new Set<string>([print(root)]);

  /** tries edits in order; applies the first that diverges; returns its index */
  async function attempt(edits: Edit[]): Promise<number> {
    const codes: string[] = [];
    const map: number[] = [];
    edits.forEach((e, i) => {
      e.apply();
      const code = print(root);
      e.revert();
      if (seen.has(code) || codes.includes(code)) return;
      codes.push(code);
      map.push(i);
    });
    if (!codes.length) return -1;
    const k = await oracle(codes);
    // the candidates up to the hit were tested (none after it, for sure)
    for (const code of k < 0 ? codes : codes.slice(0, k + 1)) seen.add(code);
    stats.candidates += k < 0 ? codes.length : k + 1;
    if (k < 0) return -1;
    edits[map[k]].apply();
    stats.accepted++;
    if (onStep) onStep(codes[k]);
    return map[k];
  }

  for (let progress = true; progress; ) {
    progress = false;
    stats.rounds++;
    for (const l of nodes(root).lists) {
      if (!attached(root, l)) continue;
      for (let size = removable(l).length; size >= 1; ) {
        const idx = removable(l);
        const edits: Edit[] = [];
        for (let s = 0; s < idx.length; s += size) edits.push(removal(l, idx.slice(s, s + size)));
        if ((await attempt(edits)) >= 0) {
          progress = true;
          size = Math.min(size, removable(l).length);
        } else size = size === 1 ? 0 : Math.ceil(size / 2);
      }
      // nested blocks `{ … }` standing as a statement: their statements in their place
      for (let from = 0; ; ) {
        const edits = l.items.map((item, i) => (innerLists(item) ? unwrap(l, i) : null)).filter((e): e is Edit => e !== null);
        const k = await attempt(edits.slice(from));
        if (k < 0) break;
        progress = true;
        from += k;
      }
    }
    for (let from = 0; ; ) {
      const edits = nodes(root).seqs.flatMap((s) => (s.alts || []).map((a) => replacement(s, a)));
      const k = await attempt(edits.slice(from));
      if (k < 0) break;
      progress = true;
      from += k;
    }
  }
  return stats;
}

function nodes(root: Part): { lists: List[]; seqs: Seq[] } {
  const lists: List[] = [];
  const seqs: Seq[] = [];
  walk(root, (n) => (n.kind === "list" ? lists.push(n) : n.alts && n.alts.length && seqs.push(n)));
  return { lists, seqs };
}

function attached(root: Part, node: List): boolean {
  let found = false;
  walk(root, (n) => {
    if (n === node) found = true;
  });
  return found;
}

function removable(l: List): number[] {
  const out: number[] = [];
  l.items.forEach((item, i) => {
    if (typeof item === "string" || item.kind !== "seq" || !item.keep) out.push(i);
  });
  return out;
}

function removal(l: List, indices: number[]): Edit {
  const before = l.items;
  const drop = new Set(indices);
  return {
    apply: () => (l.items = before.filter((_, i) => !drop.has(i))),
    revert: () => (l.items = before),
  };
}

/** the statements of `{ … }` block statements standing (one or a few in a row) as one item */
function innerLists(item: Part): List[] | null {
  if (typeof item === "string") return item.trim() === "" ? [] : null;
  if (item.kind !== "seq") return null;
  const p = item.parts;
  if (p.length === 3 && p[0] === "{" && p[2] === "}" && typeof p[1] !== "string" && p[1].kind === "list") return [p[1]];
  const out: List[] = [];
  for (const x of p) {
    const lists = innerLists(x);
    if (!lists) return null;
    out.push(...lists);
  }
  return out.length ? out : null;
}

function unwrap(l: List, i: number): Edit {
  const before = l.items;
  const inner = innerLists(before[i])!.flatMap((x) => x.items);
  return {
    apply: () => (l.items = [...before.slice(0, i), ...inner, ...before.slice(i + 1)]),
    revert: () => (l.items = before),
  };
}

function replacement(s: Seq, by: Part): Edit {
  const { parts, alts } = s;
  return {
    apply: () => {
      s.parts = [by];
      s.alts = undefined;
    },
    revert: () => {
      s.parts = parts;
      s.alts = alts;
    },
  };
}
