/**
 * Bundling as an app ships: Rollup with @rollup/plugin-node-resolve (which
 * follows package.json `exports` and honours `sideEffects`), then terser
 * (2 passes) and gzip -9. The runtime is never named by file here: what
 * compiled code imports is found in the compiled code (`runtimeImports`) and
 * resolved from the specifiers the plugin emitted, so the measure follows the
 * plugin and the runtime's `exports` map when either changes.
 */
import { parse } from "@babel/parser";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { rollup, type Plugin } from "rollup";
import { minify } from "terser";
import { DEFAULT_RUNTIME_DIST, ROOT, runtimeDistDir } from "./variants";

export const gzipSize = (text: string) => zlib.gzipSync(text, { level: 9 }).length;

export interface Sizes {
  bytes: number;
  min: number;
  minGzip: number;
}

/** terser (2 passes, mangled). */
export async function minified(code: string, module: boolean): Promise<string> {
  return (await minify(code, { module, compress: { passes: 2 }, mangle: true })).code!;
}

/** Sizes of code and of its minified form (gzip -9). */
export function sizesOf(code: string, min: string): Sizes {
  return { bytes: Buffer.byteLength(code), min: Buffer.byteLength(min), minGzip: gzipSize(min) };
}

/** Does a module specifier name the coloop runtime (the package or one of its entries)? */
export const isRuntimeSpecifier = (s: string) => /^@coloop\/runtime(\/|$)/.test(s);

/** Per runtime specifier, the names compiled code takes from it. */
export type RuntimeImports = Map<string, Set<string>>;

function add(into: RuntimeImports, specifier: string, name: string): void {
  let names = into.get(specifier);
  if (!names) into.set(specifier, (names = new Set()));
  names.add(name);
}

/**
 * What one compiled file takes from the runtime, read from its code: named
 * imports (`import { a as _a } from "@coloop/runtime…"`), and for CommonJS
 * output the properties read off the required module
 * (`var _r = require("@coloop/runtime…"); … _r.a …`).
 */
export function runtimeImports(code: string, into: RuntimeImports = new Map()): RuntimeImports {
  const ast = parse(code, { sourceType: "unambiguous", errorRecovery: true });
  const required = new Map<string, string>(); // local name → specifier
  for (const stmt of ast.program.body) {
    if (stmt.type === "ImportDeclaration" && isRuntimeSpecifier(stmt.source.value)) {
      for (const s of stmt.specifiers) {
        if (s.type === "ImportSpecifier") add(into, stmt.source.value, s.imported.type === "Identifier" ? s.imported.name : s.imported.value);
        else if (s.type === "ImportDefaultSpecifier") add(into, stmt.source.value, "default");
        else required.set(s.local.name, stmt.source.value); // import * as ns
      }
    }
    if (stmt.type === "VariableDeclaration") {
      for (const d of stmt.declarations) {
        const init = d.init;
        if (
          d.id.type === "Identifier" &&
          init?.type === "CallExpression" &&
          init.callee.type === "Identifier" &&
          init.callee.name === "require" &&
          init.arguments[0]?.type === "StringLiteral" &&
          isRuntimeSpecifier(init.arguments[0].value)
        ) {
          required.set(d.id.name, init.arguments[0].value);
        }
      }
    }
  }
  if (required.size > 0) {
    // every `ns.name` of a namespace or required module, wherever it is read
    const visit = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(visit);
      const n = node as { type?: string; object?: { type: string; name: string }; property?: { type: string; name: string }; computed?: boolean };
      if (typeof n.type !== "string") return;
      if (n.type === "MemberExpression" && !n.computed && n.object?.type === "Identifier" && n.property?.type === "Identifier") {
        const specifier = required.get(n.object.name);
        if (specifier !== undefined) add(into, specifier, n.property.name);
      }
      for (const key of Object.keys(n)) if (key !== "loc" && key !== "leadingComments" && key !== "trailingComments") visit((n as Record<string, unknown>)[key]);
    };
    visit(ast.program);
  }
  // a form of import not read above would make the measure silently small: fail instead
  for (const m of code.matchAll(/["'](@coloop\/runtime(?:\/[^"']*)?)["']/g)) {
    if (!into.has(m[1])) throw new Error(`bench: compiled code names "${m[1]}" but no import from it was found (bench/bundle.ts runtimeImports() must learn this form)`);
  }
  return into;
}

/** "name, name (from specifier)" for the tables. */
export function describeImports(imports: RuntimeImports): string {
  return [...imports]
    .map(([specifier, names]) => `${[...names].sort().join(", ")} from ${specifier}`)
    .join("; ");
}

/**
 * With `--runtime DIR`, a resolved file of packages/runtime/dist is read from
 * DIR instead (same relative path), keeping what node-resolve found
 * (side effects included).
 */
function redirectRuntimeDist(): Plugin {
  const from = DEFAULT_RUNTIME_DIST + path.sep;
  return {
    name: "bench-runtime-dist",
    async resolveId(source, importer, options) {
      if (runtimeDistDir() === DEFAULT_RUNTIME_DIST) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved && !resolved.external && resolved.id.startsWith(from)) return { ...resolved, id: path.join(runtimeDistDir(), resolved.id.slice(from.length)) };
      return resolved;
    },
  };
}

/** How every bundle here resolves modules: node-resolve from the repository root (its node_modules), as an app would. */
export function resolvePlugins(): Plugin[] {
  return [redirectRuntimeDist(), nodeResolve({ rootDir: ROOT })];
}

/** An entry module given as text. */
export function virtualEntry(code: string): Plugin {
  const id = "\0bench-entry";
  return { name: "bench-entry", resolveId: (s) => (s === id ? id : null), load: (s) => (s === id ? code : null) };
}

/** Bundles `input` (a file, or virtualEntry's id) with `plugins` after the resolvers; ES module output. */
export async function bundle(input: string, plugins: Plugin[]): Promise<string> {
  const b = await rollup({ input, plugins: [...plugins, ...resolvePlugins()], onwarn: () => {} });
  const { output } = await b.generate({ format: "es" });
  await b.close();
  return output[0].code;
}

/**
 * A tree-shaken bundle of exactly what `imports` names, each from the
 * specifier the compiled code used, resolved through the package's `exports`.
 */
export async function bundleImports(imports: RuntimeImports): Promise<string> {
  let i = 0;
  const lines = [...imports].map(
    ([specifier, names]) => `export { ${[...names].map((n) => `${n} as _${n}$${i}`).join(", ")} } from ${JSON.stringify(specifier)}; // ${i++}`,
  );
  return bundle("\0bench-entry", [virtualEntry(lines.join("\n"))]);
}

/** The union of several sets of imports (a new map). */
export function mergeImports(...sets: RuntimeImports[]): RuntimeImports {
  const out: RuntimeImports = new Map();
  for (const set of sets) for (const [specifier, names] of set) for (const name of names) add(out, specifier, name);
  return out;
}

/** For JSON: per specifier, the names sorted. */
export function importsJson(imports: RuntimeImports): Record<string, string[]> {
  return Object.fromEntries([...imports].map(([specifier, names]) => [specifier, [...names].sort()]));
}
