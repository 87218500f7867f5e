/**
 * test262's async-function subset (vendored): every test that passes natively
 * in this Node passes compiled with coloop, except those listed in
 * known-failures.txt; and every listed test still fails, so a fix shows up as
 * an entry to remove. Tests that fail natively are left out (printed).
 * The regenerator comparison is in `npm run test262` only.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { judge, readAllowlist, runKey, runTest262, type TestRun, type Verdict } from "./run";

let runs: TestRun[] = [];
let verdict: Verdict;

const list = (items: string[]) => items.map((s) => `  ${s}`).join("\n");

describe("test262 async-function subset", () => {
  beforeAll(async () => {
    runs = await runTest262({ variants: ["native", "coloop"], workers: 2 });
    verdict = judge(runs, readAllowlist());
    if (verdict.nativeFailures.length > 0) {
      console.log(
        `test262: ${verdict.nativeFailures.length} runs fail natively in Node ${process.versions.node} and are excluded:\n` +
          list(verdict.nativeFailures.map((r) => `${runKey(r.path, r.mode)}  # ${r.outcomes.native?.message ?? ""}`)),
      );
    }
    const native = runs.filter((r) => r.outcomes.native?.pass).length;
    const coloop = runs.filter((r) => r.outcomes.coloop?.pass).length;
    console.log(`test262: ${runs.length} runs, native ${native} pass, coloop ${coloop} pass`);
  }, 600_000);

  it("runs the whole vendored subset in both variants", () => {
    expect(runs.length).toBeGreaterThan(1000);
    const missing = runs.filter((r) => !r.outcomes.native || !r.outcomes.coloop).map((r) => runKey(r.path, r.mode));
    expect(missing).toEqual([]);
    const runnerTrouble = runs
      .filter((r) => [r.outcomes.native, r.outcomes.coloop].some((o) => /worker (process died|stuck)|runner error/.test(o?.message ?? "")))
      .map((r) => runKey(r.path, r.mode));
    expect(runnerTrouble, "the runner itself failed on these").toEqual([]);
  });

  it("every test passing natively passes compiled with coloop, or is in known-failures.txt", () => {
    const unexpected = verdict.unexpected.map((r) => `${runKey(r.path, r.mode)}  # ${r.outcomes.coloop?.message ?? ""}`);
    expect(unexpected, `new coloop failures (pass natively, not in test/test262/known-failures.txt):\n${list(unexpected)}\n`).toEqual([]);
  });

  it("every test in known-failures.txt still fails with coloop", () => {
    const fixed = verdict.nowPassing.map((e) => e.key);
    expect(fixed, `now passing with coloop, remove from the allowlist test/test262/known-failures.txt:\n${list(fixed)}\n`).toEqual([]);
  });

  it("known-failures.txt names only tests that run and pass natively", () => {
    const stale = verdict.stale.map((e) => e.key);
    expect(stale, `not a vendored test run, or failing natively: remove from test/test262/known-failures.txt:\n${list(stale)}\n`).toEqual([]);
  });
});
