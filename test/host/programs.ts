/**
 * Running one Node program four ways, for the host-fidelity suites: natively
 * (the reference), and compiled with `promise: "native"`, with `promise:
 * "loop"` (the native Promise still there), and with `promise: "loop"` after
 * `delete globalThis.Promise`. Node flags (--unhandled-rejections=…) and a
 * prelude (run before the program) apply to every way.
 */
import { compileForNode } from "../support/compile";
import { RUNTIME_CJS, run, tempFile, type RunResult } from "../support/engines";

export type Way = "native" | "compiled-native" | "compiled-loop" | "compiled-nopromise";
export const WAYS: Way[] = ["native", "compiled-native", "compiled-loop", "compiled-nopromise"];
export const COMPILED_WAYS: Way[] = ["compiled-native", "compiled-loop", "compiled-nopromise"];

export interface RunOptions {
  nodeArgs?: string[];
  /** plain JS run first (not compiled) */
  prelude?: string;
}

export async function runWay(way: Way, name: string, code: string, options: RunOptions = {}): Promise<RunResult> {
  const base = name.replace(/\W+/g, "-");
  let program = code;
  if (way !== "native") {
    program = compileForNode(code, base + ".js", { runtime: RUNTIME_CJS, promise: way === "compiled-native" ? "native" : "loop" });
  }
  const file = tempFile(`${base}.${way}.cjs`, program);
  const prelude = (way === "compiled-nopromise" ? "delete globalThis.Promise;\n" : "") + (options.prelude || "");
  const main = prelude ? tempFile(`${base}.${way}.main.cjs`, prelude + `\nrequire(${JSON.stringify(file)});\n`) : file;
  return run(process.execPath, [...(options.nodeArgs || []), main]);
}

/** The line naming the error Node printed (`Error: boom`, `UnhandledPromiseRejection: …`), or null. */
export function errorLine(stderr: string): string | null {
  const m = /^(?:\w*Error|UnhandledPromiseRejection)\b.*$/m.exec(stderr);
  return m ? m[0] : null;
}

/** Node's warning lines, without the process id: `(node:N) UnhandledPromiseRejectionWarning: …`. */
export function warningLines(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((l) => l.startsWith("(node:"))
    .map((l) => l.replace(/^\(node:\d+\)/, "(node:N)"));
}
