/**
 * Plugin options, validated once when the plugin is created: unknown keys get
 * a "did you mean", wrong types a message naming the option. Every message
 * starts with the package name.
 */

export type ModuleType = "import" | "require" | "global";

/**
 * The options of @coloop/babel-plugin, as written in a Babel config
 * (`plugins: [["@coloop/babel-plugin", { ... }]]`). Every field is
 * optional; an omitted one (or undefined) takes its default. Unknown keys
 * are rejected with a "did you mean". (A type alias rather than an
 * interface, so it is assignable to Record<string, unknown>.)
 */
export type ColoopPluginOptions = {
  /** The module specifier compiled code imports the helpers from. Default: "@coloop/runtime". */
  runtime?: string;
  /**
   * How compiled code reaches the runtime: "import" (an ES import),
   * "require" (CommonJS), or "global" (the `coloop` global that
   * dist/coloop.global.js defines, for plain scripts on embedded engines).
   * Default (or null): from the file, import in an ES module, require in a
   * script.
   */
  moduleType?: ModuleType | null;
  /** Record each await site's file:line:column and source text, for inspection. Default: true. */
  locations?: boolean;
  /**
   * Async generators and `for await` are not supported yet. true (the
   * default): they are rejected with an error; false: they, and functions
   * using `for await`, are left untouched for other plugins.
   */
  asyncGenerators?: boolean;
  /**
   * "loop": free references to `Promise` and `queueMicrotask` in the file
   * become the runtime's LoopPromise and queueMicrotask, so promise
   * reactions and microtasks share the loop's job queue (needed where there
   * is no native Promise). Default: "native".
   */
  promise?: "native" | "loop";
};

/**
 * A deliberate miscompile, so the fuzzer can prove it catches one (test
 * only, see testing.ts): "await-order" evaluates a binary expression's
 * right operand first when it awaits; "rename-by-name" resolves the
 * references of a per-iteration binding by name (the first binding so
 * named anywhere in the function) instead of by its scope binding.
 */
export type Miscompile = "await-order" | "rename-by-name";

/**
 * The key under which the test-only miscompile is passed in the options
 * object: a symbol no Babel config (JSON, or a user's object without
 * importing the plugin's internal testing module) can hold, and not a
 * member of ColoopPluginOptions. Enumerable in the options object, so the
 * test harness's `{ ...defaults, ...options }` carries it.
 */
export const TEST_MISCOMPILE: unique symbol = Symbol("@coloop/babel-plugin: test miscompile");

/** The options resolved: every field set (internal; the public type is ColoopPluginOptions). */
export interface PluginOptions {
  runtime: string;
  moduleType: ModuleType | null;
  locations: boolean;
  asyncGenerators: boolean;
  promise: "native" | "loop";
  /** test only (TEST_MISCOMPILE): the miscompile to plant, or null */
  __testMiscompile: Miscompile | null;
}

const DEFAULTS: Required<ColoopPluginOptions> = {
  runtime: "@coloop/runtime",
  moduleType: null,
  locations: true,
  asyncGenerators: true,
  promise: "native",
};

const PREFIX = "@coloop/babel-plugin: ";

export function validateOptions(raw: unknown): PluginOptions {
  const out: PluginOptions = { ...DEFAULTS, __testMiscompile: null };
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new Error(PREFIX + "options must be an object");
  const input = raw as Record<string, unknown>;
  const known = Object.keys(DEFAULTS);
  for (const key of Object.keys(input)) {
    if (known.indexOf(key) < 0) {
      const suggestion = closest(key, known);
      throw new Error(PREFIX + `unknown option "${key}"` + (suggestion ? `. Did you mean "${suggestion}"?` : ""));
    }
  }
  if (input.runtime !== undefined) {
    if (typeof input.runtime !== "string" || input.runtime === "") throw new Error(PREFIX + '"runtime" must be a non-empty string');
    out.runtime = input.runtime;
  }
  if (input.moduleType !== undefined) {
    const m = input.moduleType;
    if (m !== null && m !== "import" && m !== "require" && m !== "global") {
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
  if (input.promise !== undefined) {
    if (input.promise !== "native" && input.promise !== "loop") throw new Error(PREFIX + '"promise" must be "native" or "loop"');
    out.promise = input.promise;
  }
  const m = (raw as { [TEST_MISCOMPILE]?: unknown })[TEST_MISCOMPILE];
  if (m !== undefined && m !== null) {
    if (m !== "await-order" && m !== "rename-by-name") throw new Error(PREFIX + 'the test miscompile must be "await-order" or "rename-by-name"');
    out.__testMiscompile = m;
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
