/**
 * test262 conformance runner for the async-function subset vendored under
 * test/test262/vendor: every test, in each mode its flags allow, natively,
 * compiled with coloop and compiled with regenerator (see execute.ts), in
 * worker processes. `npm run test262` prints the summary:
 *
 *   npm run test262 [-- --variants native,coloop,regenerator,coloop-loop] [--filter substring] [--failures coloop] [--draft-allowlist]
 *
 * test/test262/known-failures.txt lists the tests (path and mode) that pass
 * natively and are known to fail compiled with coloop, grouped under
 * `## cause` headers. test262.test.ts asserts the list is exact.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, posix } from "node:path";
import { modesOf, VENDOR, type Mode, type Outcome, type Variant } from "./execute";
import { parseFrontmatter } from "./frontmatter";
import type { Job, JobResult } from "./worker";

const here = __dirname;
const root = join(here, "..", "..");
export const ALLOWLIST = join(here, "known-failures.txt");
/** The variants `npm run test262` runs; `--variants` may add coloop-loop. */
export const VARIANTS: Variant[] = ["native", "coloop", "regenerator"];
const ALL_VARIANTS: Variant[] = [...VARIANTS, "coloop-loop"];

/** A parent-side limit per job, beyond the per-test timeouts: a worker stuck in a microtask loop is killed. */
const JOB_WATCHDOG_MS = 15_000;

export interface TestRun {
  path: string;
  mode: Mode;
  outcomes: Partial<Record<Variant, Outcome>>;
}

export function runKey(path: string, mode: Mode): string {
  return `${path} ${mode}`;
}

/** Every vendored test (paths relative to the vendor dir: test/...) with its modes. */
export function listTests(filter?: string): { path: string; modes: Mode[] }[] {
  const out: { path: string; modes: Mode[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(VENDOR, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".js") && (!filter || rel.includes(filter))) {
        out.push({ path: rel, modes: modesOf(parseFrontmatter(readFileSync(join(VENDOR, rel), "utf8"))) });
      }
    }
  };
  walk("test");
  return out;
}

export interface RunOptions {
  variants?: Variant[];
  filter?: string;
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Runs the subset; one TestRun per test and mode. */
export async function runTest262(options: RunOptions = {}): Promise<TestRun[]> {
  const variants = options.variants ?? VARIANTS;
  const runs: TestRun[] = [];
  const jobs: Job[] = [];
  for (const { path, modes } of listTests(options.filter)) {
    for (const mode of modes) {
      const run: TestRun = { path, mode, outcomes: {} };
      runs.push(run);
      for (const variant of variants) jobs.push({ id: jobs.length, path, mode, variant });
    }
  }
  const runOf = new Map<number, TestRun>();
  {
    let i = 0;
    for (const run of runs) for (let v = 0; v < variants.length; v++) runOf.set(i++, run);
  }
  const workerCount = Math.max(1, Math.min(options.workers ?? Math.min(cpus().length, 4), jobs.length));
  let next = 0;
  let done = 0;

  await new Promise<void>((resolveAll) => {
    if (jobs.length === 0) return resolveAll();
    const record = (job: Job, outcome: Outcome) => {
      runOf.get(job.id)!.outcomes[job.variant] = outcome;
      done++;
      options.onProgress?.(done, jobs.length);
      if (done === jobs.length) resolveAll();
    };
    const start = () => {
      const child: ChildProcess = fork(join(here, "worker.ts"), [], {
        cwd: root,
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
      let current: Job | null = null;
      let watchdog: NodeJS.Timeout | undefined;
      const give = () => {
        if (next >= jobs.length) {
          current = null;
          child.disconnect();
          return;
        }
        current = jobs[next++]!;
        child.send(current);
        watchdog = setTimeout(() => {
          const job = current;
          current = null;
          child.kill("SIGKILL");
          if (job) record(job, { pass: false, message: `killed after ${JOB_WATCHDOG_MS} ms (worker stuck)` });
        }, JOB_WATCHDOG_MS);
      };
      child.on("message", (msg: JobResult) => {
        if (msg.id === -2) return give(); // ready
        if (msg.id === -1 || !current || msg.id !== current.id) return; // an error after its job ended
        clearTimeout(watchdog);
        const job = current;
        current = null;
        record(job, msg.outcome);
        give();
      });
      child.on("exit", () => {
        clearTimeout(watchdog);
        if (current) {
          const job = current;
          current = null;
          record(job, { pass: false, message: "the worker process died" });
        }
        if (next < jobs.length) start();
      });
    };
    for (let i = 0; i < workerCount; i++) start();
  });
  return runs;
}

export interface AllowEntry {
  key: string;
  cause: string;
}

/** known-failures.txt: `path mode` lines under `## cause` headers; `#` starts a comment. */
export function readAllowlist(file = ALLOWLIST): Map<string, AllowEntry> {
  const entries = new Map<string, AllowEntry>();
  if (!existsSync(file)) return entries;
  let cause = "(no cause given)";
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const header = /^##\s*(.+)$/.exec(raw);
    if (header) {
      cause = header[1]!.trim();
      continue;
    }
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const [path, mode] = line.split(/\s+/);
    if (mode !== "strict" && mode !== "sloppy" && mode !== "raw") throw new Error(`known-failures.txt: bad line (want "path strict|sloppy"): ${raw}`);
    const key = runKey(path!, mode);
    entries.set(key, { key, cause });
  }
  return entries;
}

export interface Verdict {
  /** pass natively, fail compiled with coloop, not in the allowlist */
  unexpected: TestRun[];
  /** in the allowlist, and now pass compiled with coloop */
  nowPassing: AllowEntry[];
  /** in the allowlist but fail natively or are not run at all */
  stale: AllowEntry[];
  /** fail natively in Node: excluded */
  nativeFailures: TestRun[];
}

/** `complete`: every vendored test was run, so an entry with no run is stale (not so under --filter). */
export function judge(runs: TestRun[], allow: Map<string, AllowEntry>, complete = true): Verdict {
  const byKey = new Map(runs.map((r) => [runKey(r.path, r.mode), r]));
  const verdict: Verdict = { unexpected: [], nowPassing: [], stale: [], nativeFailures: [] };
  for (const run of runs) {
    if (!run.outcomes.native?.pass) {
      verdict.nativeFailures.push(run);
      continue;
    }
    if (run.outcomes.coloop && !run.outcomes.coloop.pass && !allow.has(runKey(run.path, run.mode))) verdict.unexpected.push(run);
  }
  for (const entry of allow.values()) {
    const run = byKey.get(entry.key);
    if (!run) {
      if (complete) verdict.stale.push(entry);
    } else if (!run.outcomes.native?.pass) verdict.stale.push(entry);
    else if (run.outcomes.coloop?.pass) verdict.nowPassing.push(entry);
  }
  return verdict;
}

/** The directory a test is grouped under: its path without test/ and the file name. */
export function categoryOf(path: string): string {
  return path.replace(/^test\//, "").replace(/\/[^/]+$/, "");
}

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function summary(runs: TestRun[], variants: Variant[], allow: Map<string, AllowEntry>, complete = true): string {
  const out: string[] = [];
  const cats = new Map<string, TestRun[]>();
  for (const run of runs) {
    const c = categoryOf(run.path);
    cats.set(c, [...(cats.get(c) ?? []), run]);
  }
  const count = (rs: TestRun[], v: Variant) => rs.filter((r) => r.outcomes[v]?.pass).length;
  const rows: (string | number)[][] = [...cats.entries()].map(([c, rs]) => [c, rs.length, ...variants.map((v) => count(rs, v))]);
  rows.push(["total", runs.length, ...variants.map((v) => count(runs, v))]);
  out.push(`test262 async-function subset: ${new Set(runs.map((r) => r.path)).size} tests, ${runs.length} runs (test × mode)`, "");
  out.push(table(["directory", "runs", ...variants.map((v) => `${v} pass`)], rows), "");

  for (const v of variants.filter((x) => x !== "native")) {
    const failing = runs.filter((r) => r.outcomes.native?.pass && !r.outcomes[v]?.pass);
    out.push(`${v}: ${failing.length} runs pass natively and fail compiled`);
    const byCat = new Map<string, number>();
    for (const r of failing) byCat.set(categoryOf(r.path), (byCat.get(categoryOf(r.path)) ?? 0) + 1);
    for (const [c, n] of [...byCat.entries()].sort((a, b) => b[1] - a[1])) out.push(`  ${String(n).padStart(4)}  ${c}`);
    out.push("");
  }

  if (variants.includes("coloop")) {
    const verdict = judge(runs, allow, complete);
    const byCause = new Map<string, number>();
    for (const e of allow.values()) byCause.set(e.cause, (byCause.get(e.cause) ?? 0) + 1);
    out.push(`known coloop failures (known-failures.txt), by cause: ${allow.size}`);
    for (const [c, n] of [...byCause.entries()].sort((a, b) => b[1] - a[1])) out.push(`  ${String(n).padStart(4)}  ${c}`);
    out.push("");
    out.push(`fail natively in Node ${process.versions.node} (excluded): ${verdict.nativeFailures.length}`);
    for (const r of verdict.nativeFailures) out.push(`  ${runKey(r.path, r.mode)}  # ${r.outcomes.native?.message ?? ""}`);
    out.push("");
    if (verdict.unexpected.length > 0) {
      out.push(`NEW coloop failures (pass natively, not in known-failures.txt): ${verdict.unexpected.length}`);
      for (const r of verdict.unexpected) out.push(`  ${runKey(r.path, r.mode)}  # ${r.outcomes.coloop?.message ?? ""}`);
      out.push("");
    }
    if (verdict.nowPassing.length > 0) {
      out.push(`now passing with coloop, remove from known-failures.txt: ${verdict.nowPassing.length}`);
      for (const e of verdict.nowPassing) out.push(`  ${e.key}`);
      out.push("");
    }
    if (verdict.stale.length > 0) {
      out.push(`in known-failures.txt but failing natively or not run: ${verdict.stale.length}`);
      for (const e of verdict.stale) out.push(`  ${e.key}`);
      out.push("");
    }
  }
  return out.join("\n");
}

function parseArgs(argv: string[]): { variants: Variant[]; filter?: string; failures?: Variant; draft: boolean } {
  const args: { variants: Variant[]; filter?: string; failures?: Variant; draft: boolean } = { variants: VARIANTS, draft: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--variants") args.variants = argv[++i]!.split(",") as Variant[];
    else if (a === "--filter") args.filter = argv[++i];
    else if (a === "--failures") args.failures = argv[++i] as Variant;
    else if (a === "--draft-allowlist") args.draft = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.variants.includes("native")) args.variants = ["native", ...args.variants];
  for (const v of args.variants) if (!ALL_VARIANTS.includes(v)) throw new Error(`unknown variant ${v}`);
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  let last = 0;
  const runs = await runTest262({
    variants: args.variants,
    filter: args.filter,
    onProgress: (done, total) => {
      if (process.stderr.isTTY && (done === total || Date.now() - last > 500)) {
        last = Date.now();
        process.stderr.write(`\r${done}/${total} `);
      }
    },
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const allow = readAllowlist();
  const complete = args.filter === undefined;
  console.log(summary(runs, args.variants, allow, complete));
  if (args.failures) {
    const v = args.failures;
    console.log(`${v} failures (runs passing natively), with messages:`);
    for (const r of runs) if (r.outcomes.native?.pass && !r.outcomes[v]?.pass) console.log(`${runKey(r.path, r.mode)}  # ${r.outcomes[v]?.message ?? ""}`);
  }
  if (args.draft) {
    console.log("## (draft: new coloop failures, to sort under causes)");
    for (const r of judge(runs, allow, complete).unexpected) console.log(runKey(r.path, r.mode));
  }
  console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
  const verdict = judge(runs, allow, complete);
  if (args.variants.includes("coloop") && (verdict.unexpected.length > 0 || verdict.nowPassing.length > 0 || verdict.stale.length > 0)) {
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(2);
  });
}
