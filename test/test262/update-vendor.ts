/**
 * Refreshes test/test262/vendor/ from a test262 checkout (a bare git dir is
 * enough): the async-function subset, the harness files those tests include,
 * test262's LICENSE and a README naming the commit. Tests for async
 * generators and `for await` (a later issue) are left out and listed in
 * test/test262/skipped-async-iteration.txt.
 *
 *   npx tsx test/test262/update-vendor.ts <test262 git dir> [commit]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseFrontmatter } from "./frontmatter";

const here = __dirname;
const vendor = join(here, "vendor");

/** Whole directories of async-function tests. */
const DIRS = [
  "test/language/expressions/async-function/",
  "test/language/statements/async-function/",
  "test/language/expressions/async-arrow-function/",
  "test/language/expressions/await/",
  "test/built-ins/AsyncFunction/",
];

/** Async methods: class methods, object methods, class elements next to an async method or arrow. */
function selected(path: string): boolean {
  if (!path.endsWith(".js") || path.includes("_FIXTURE")) return false;
  if (DIRS.some((d) => path.startsWith(d))) return true;
  if (/^test\/language\/(expressions|statements)\/class\/async-meth/.test(path)) return true;
  if (path.startsWith("test/language/expressions/object/method-definition/async-")) return true;
  if (/^test\/language\/(expressions|statements)\/class\/elements\//.test(path)) {
    const base = path.slice(path.lastIndexOf("/") + 1);
    return /async-meth|async-arrow/.test(base);
  }
  return false;
}

/** Why a selected test is left for the async-iteration issue, or null. */
export function asyncIterationReason(path: string, source: string, features: string[]): string | null {
  if (features.includes("async-iteration")) return "features: async-iteration";
  if (/async-gen/.test(path)) return "async generator (path)";
  if (/async\s+function\s*\*/.test(source)) return "async function*";
  if (/\bfor\s+await\b/.test(source)) return "for await";
  if (/\basync\s*\*\s*[[#\w$'"]/.test(source)) return "async generator method";
  return null;
}

function main(): void {
  const gitDir = process.argv[2];
  if (!gitDir) throw new Error("usage: tsx test/test262/update-vendor.ts <test262 git dir> [commit]");
  const commit = execFileSync("git", ["--git-dir", gitDir, "rev-parse", process.argv[3] ?? "HEAD"], { encoding: "utf8" }).trim();
  const show = (path: string): string =>
    execFileSync("git", ["--git-dir", gitDir, "show", `${commit}:${path}`], { encoding: "utf8", maxBuffer: 1 << 26 });
  const date = execFileSync("git", ["--git-dir", gitDir, "show", "-s", "--format=%cI", commit], { encoding: "utf8" }).trim();
  const all = execFileSync("git", ["--git-dir", gitDir, "ls-tree", "-r", "--name-only", commit], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  })
    .split("\n")
    .filter(Boolean);

  rmSync(vendor, { recursive: true, force: true });
  const includes = new Set<string>(["assert.js", "sta.js", "doneprintHandle.js"]);
  const kept: string[] = [];
  const skipped: string[] = [];
  for (const path of all.filter(selected).sort()) {
    const source = show(path);
    const meta = parseFrontmatter(source);
    const reason = asyncIterationReason(path, source, meta.features);
    if (reason) {
      skipped.push(`${path}  # ${reason}`);
      continue;
    }
    kept.push(path);
    for (const inc of meta.includes) includes.add(inc);
    mkdirSync(join(vendor, dirname(path)), { recursive: true });
    writeFileSync(join(vendor, path), source);
  }
  mkdirSync(join(vendor, "harness"), { recursive: true });
  for (const inc of [...includes].sort()) writeFileSync(join(vendor, "harness", inc), show(`harness/${inc}`));
  writeFileSync(join(vendor, "LICENSE"), show("LICENSE"));
  writeFileSync(
    join(vendor, "README.md"),
    [
      "# test262, async-function subset",
      "",
      "Vendored from https://github.com/tc39/test262 (CI has no network access), by",
      "`npx tsx test/test262/update-vendor.ts <test262 git dir> [commit]`.",
      "",
      `- upstream commit: \`${commit}\` (${date})`,
      `- tests: ${kept.length}; harness files: ${includes.size}`,
      `- left for the async-iteration issue: ${skipped.length}, listed in ../skipped-async-iteration.txt`,
      "",
      "Selected: test/language/{expressions,statements}/async-function,",
      "test/language/expressions/async-arrow-function, test/language/expressions/await,",
      "test/built-ins/AsyncFunction, test/language/{expressions,statements}/class/async-meth*,",
      "test/language/expressions/object/method-definition/async-*, and the files of",
      "test/language/{expressions,statements}/class/elements whose name contains",
      "`async-meth` or `async-arrow`; minus async generators and `for await`.",
      "",
      "The files are unmodified. They are governed by test262's BSD license (LICENSE).",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(here, "skipped-async-iteration.txt"),
    [
      "# test262 tests selected by update-vendor.ts but not vendored: async generators,",
      "# `for await` and features: async-iteration are a later issue (the plugin rejects them).",
      `# upstream commit ${commit}`,
      ...skipped,
      "",
    ].join("\n"),
  );
  console.log(`${kept.length} tests, ${includes.size} harness files, ${skipped.length} skipped (async iteration)`);
}

main();
