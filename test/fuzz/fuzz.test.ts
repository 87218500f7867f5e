/**
 * A fixed batch of 300 random programs (seed 20261125), natively in Node and
 * compiled in Node with Promise deleted: every trace must match. On a
 * divergence the test fails with the shrunk program and both outputs;
 * reproduce with `npm run fuzz -- --replay 20261125:<index>`.
 */
import { describe, expect, it } from "vitest";
import { fuzz } from "./fuzz";

const SEED = 20261125;
const RUNS = 300;

describe("differential fuzzer", () => {
  it(`${RUNS} random async programs print the same natively and compiled (node-nopromise)`, async () => {
    const t0 = Date.now();
    const result = await fuzz({ seed: SEED, runs: RUNS, engines: ["node-nopromise"], batchSize: 30, workers: 2 });
    // eslint-disable-next-line no-console
    console.log(`fuzz: ${result.programs} programs in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const f = result.finding;
    const report = f && `program ${f.seed}:${f.index} diverges on ${f.engine} (${f.kind}, reproduces: ${f.reproduced})\n${f.reduced}\n--- native\n${f.native}\n--- compiled\n${f.compiled}`;
    expect(report).toBe(null);
    expect(result.programs).toBe(RUNS);
  }, 400_000); // a budget for a loaded 2-core machine: the programs sleep on real timers
});
