/**
 * The parts of a test262 file's YAML frontmatter (`/*--- … ---*\/`) the runner
 * needs: flags, includes, features and negative. A small line-based reader
 * for the subset of YAML test262 uses (flow lists `[a, b]`, block lists
 * `- a`, and the two-key `negative:` mapping), so no YAML dependency.
 */

export interface Negative {
  phase: "parse" | "resolution" | "runtime";
  type: string;
}

export interface Meta {
  flags: string[];
  includes: string[];
  features: string[];
  negative?: Negative;
}

const FRONTMATTER = /\/\*---([\s\S]*?)---\*\//;

function flowList(text: string): string[] {
  const inner = text.trim().replace(/^\[/, "").replace(/\]$/, "");
  return inner
    .split(",")
    .map((s) => s.trim().replace(/^['"]|['"]$/g, ""))
    .filter((s) => s.length > 0);
}

export function parseFrontmatter(source: string): Meta {
  const meta: Meta = { flags: [], includes: [], features: [] };
  const m = FRONTMATTER.exec(source);
  if (!m) return meta;
  const lines = m[1]!.split(/\r?\n/);
  let current: "flags" | "includes" | "features" | "negative" | null = null;
  let negative: Partial<Negative> | null = null;
  for (const line of lines) {
    const top = /^([A-Za-z_]+):\s*(.*)$/.exec(line);
    if (top) {
      const key = top[1]!;
      const rest = top[2]!.trim();
      current = null;
      if (key === "flags" || key === "includes" || key === "features") {
        if (rest.startsWith("[")) meta[key].push(...flowList(rest));
        else if (rest === "") current = key;
      } else if (key === "negative") {
        negative = {};
        current = "negative";
      }
      continue;
    }
    if (current === null) continue;
    const item = /^\s+-\s*(.+)$/.exec(line);
    if (item && current !== "negative") {
      meta[current].push(item[1]!.trim().replace(/^['"]|['"]$/g, ""));
      continue;
    }
    const sub = /^\s+([A-Za-z_]+):\s*(.*)$/.exec(line);
    if (sub && current === "negative" && negative) {
      const value = sub[2]!.trim();
      if (sub[1] === "phase") negative.phase = value as Negative["phase"];
      if (sub[1] === "type") negative.type = value;
    }
  }
  if (negative && negative.phase && negative.type) meta.negative = { phase: negative.phase, type: negative.type };
  return meta;
}
