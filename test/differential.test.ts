/**
 * The differential suite: every fixture's exec.js runs natively in Node (the
 * reference) and compiled in Node with globalThis.Promise deleted, in duk
 * and in mujs; each output must match the reference line for line.
 */
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, reportSkipped, type EngineName } from "./support/engines";
import { listFixtures } from "./support/fixtures";
import { COMPILED_ENGINES, engineAvailable, relativeName, runCompiled, runNative } from "./support/differential";

const fixtures = listFixtures().filter((f) => f.execFile !== null);
const tally: Record<string, { passed: number; failed: number }> = {};
for (const e of COMPILED_ENGINES) tally[e] = { passed: 0, failed: 0 };
const missing = COMPILED_ENGINES.filter((e) => !engineAvailable(e));
for (const e of missing) reportSkipped(e, "the differential runs on " + e);

afterAll(() => {
  const lines = COMPILED_ENGINES.map((e) =>
    missing.indexOf(e) >= 0 ? `  ${e}: SKIPPED (not installed)` : `  ${e}: ${tally[e].passed} passed, ${tally[e].failed} failed`,
  );
  // eslint-disable-next-line no-console
  console.log(`differential runs over ${fixtures.length} exec.js programs:\n` + lines.join("\n"));
});

describe("differential: native Node vs compiled", () => {
  for (const f of fixtures) {
    const engines = (f.options.exec && f.options.exec.engines) || COMPILED_ENGINES;
    it.concurrent(`${f.group}/${f.name}`, async () => {
      const code = fs.readFileSync(f.execFile!, "utf8");
      const name = `${f.group}-${f.name}`;
      const reference = await runNative(name, code, f.execFile!);
      expect(reference.code, `the native run failed:\n${reference.stderr}`).toBe(0);
      for (const engine of engines as EngineName[]) {
        if (!engineAvailable(engine)) continue;
        const result = await runCompiled(engine, name, code, relativeName(f.execFile!, ROOT), (f.options.plugin as any) || {});
        const ok = result.code === 0 && result.stdout === reference.stdout;
        tally[engine] = tally[engine] || { passed: 0, failed: 0 };
        tally[engine][ok ? "passed" : "failed"]++;
        expect({ engine, stdout: result.stdout, code: result.code, stderr: ok ? "" : result.stderr }).toEqual({
          engine,
          stdout: reference.stdout,
          code: 0,
          stderr: "",
        });
      }
    });
  }
});
