/**
 * Plugin options, validated once when the plugin is created: unknown keys get
 * a "did you mean", wrong types a message naming the option. Every message
 * starts with the package name.
 */

export type ModuleType = "import" | "require" | "global";

export interface PluginOptions {
  /** module the helpers are imported from */
  runtime: string;
  /** how the runtime is reached; null: from the file (import in ESM, require in CJS) */
  moduleType: ModuleType | null;
  /** record each await site's file:line:column and source text */
  locations: boolean;
  /** also compile async generators and for await (not supported yet: they are rejected) */
  asyncGenerators: boolean;
  /** "loop": free references to Promise become the runtime's LoopPromise, and queueMicrotask the runtime's (a loop job) */
  promise: "native" | "loop";
  /**
   * Test-only: a deliberate miscompile, so the fuzzer can prove it catches
   * one: "await-order" (also `true`) evaluates a binary expression's right
   * operand first when it awaits; "rename-by-name" resolves the references
   * of a per-iteration binding by name (the first binding so named anywhere
   * in the function) instead of by its scope binding. Null: none.
   */
  __testMiscompile: Miscompile | null;
}

export type Miscompile = "await-order" | "rename-by-name";

const DEFAULTS: PluginOptions = {
  runtime: "@coloop/runtime",
  moduleType: null,
  locations: true,
  asyncGenerators: true,
  promise: "native",
  __testMiscompile: null,
};

const PREFIX = "@coloop/babel-plugin: ";

export function validateOptions(raw: unknown): PluginOptions {
  if (raw === undefined || raw === null) return { ...DEFAULTS };
  if (typeof raw !== "object" || Array.isArray(raw)) throw new Error(PREFIX + "options must be an object");
  const input = raw as Record<string, unknown>;
  const known = Object.keys(DEFAULTS);
  for (const key of Object.keys(input)) {
    if (known.indexOf(key) < 0) {
      const suggestion = closest(key, known);
      throw new Error(PREFIX + `unknown option "${key}"` + (suggestion ? `. Did you mean "${suggestion}"?` : ""));
    }
  }
  const out: PluginOptions = { ...DEFAULTS };
  if (input.runtime !== undefined) {
    if (typeof input.runtime !== "string" || input.runtime === "") throw new Error(PREFIX + '"runtime" must be a non-empty string');
    out.runtime = input.runtime;
  }
  if (input.moduleType !== undefined) {
    const m = input.moduleType;
    if (m !== "import" && m !== "require" && m !== "global") {
      throw new Error(PREFIX + '"moduleType" must be "import", "require" or "global"');
    }
    out.moduleType = m;
  }
  for (const key of ["locations", "asyncGenerators"] as const) {
    if (input[key] !== undefined) {
      if (typeof input[key] !== "boolean") throw new Error(PREFIX + `"${key}" must be a boolean`);
      out[key] = input[key] as boolean;
    }
  }
  const m = input.__testMiscompile;
  if (m !== undefined && m !== false) {
    if (m !== true && m !== "await-order" && m !== "rename-by-name") {
      throw new Error(PREFIX + '"__testMiscompile" must be a boolean, "await-order" or "rename-by-name"');
    }
    out.__testMiscompile = m === true ? "await-order" : m;
  }
  if (input.promise !== undefined) {
    if (input.promise !== "native" && input.promise !== "loop") throw new Error(PREFIX + '"promise" must be "native" or "loop"');
    out.promise = input.promise;
  }
  return out;
}

function closest(word: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const row: number[] = [];
  for (let j = 0; j <= b.length; j++) row.push(j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
