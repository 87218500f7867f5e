/**
 * A child process of the test262 runner (forked with `--import tsx`): runs
 * the jobs the parent sends, one at a time, and sends each outcome back.
 */
import { runTest, type Mode, type Outcome, type Variant } from "./execute";

export interface Job {
  id: number;
  path: string;
  mode: Mode;
  variant: Variant;
}

export interface JobResult {
  id: number;
  outcome: Outcome;
}

// Tests reject promises nobody handles on purpose; Node would end the process.
process.on("unhandledRejection", () => {});
process.on("uncaughtException", (e) => {
  // an error escaping a test's callbacks: report it against no job and carry on
  process.send?.({ id: -1, outcome: { pass: false, message: `uncaught: ${String(e)}` } } satisfies JobResult);
});

process.on("message", (job: Job) => {
  void runTest(job.path, job.mode, job.variant).then(
    (outcome) => process.send!({ id: job.id, outcome } satisfies JobResult),
    (e: unknown) => process.send!({ id: job.id, outcome: { pass: false, message: `runner error: ${String(e)}` } } satisfies JobResult),
  );
});
process.send!({ id: -2, outcome: { pass: true } } satisfies JobResult);
