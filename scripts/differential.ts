/**
 * Runs one program natively and compiled on every engine and prints the
 * lines that differ:  npx tsx scripts/differential.ts prog.js [--show] [--show5] [--interop]
 * (--show prints the Node output of the plugin, --show5 the ES5 one; --interop
 * compiles with the native Promise kept and runs only in Node.)
 */
import * as fs from "node:fs";
import { COMPILED_ENGINES, runCompiled, runNative } from "../test/support/differential";
import { compileForNode, compileForEngine } from "../test/support/compile";

async function main() {
  const file = process.argv[2];
  const code = fs.readFileSync(file, "utf8");
  if (process.argv.includes("--show")) console.log(compileForNode(code, file, {}));
  if (process.argv.includes("--show5")) console.log(compileForEngine(code, file, {}));
  const ref = await runNative("scratch", code, file);
  let bad = false;
  for (const e of (process.argv.includes("--interop") ? ["node"] : COMPILED_ENGINES) as any) {
    const r = await runCompiled(e, "scratch", code, file);
    if (r.stdout !== ref.stdout || r.code !== 0) {
      bad = true;
      console.log(`=== ${e} DIFFERS (code ${r.code})`);
      const a = ref.stdout.split("\n"), b = r.stdout.split("\n");
      for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) console.log(`${i}: native=${JSON.stringify(a[i])} compiled=${JSON.stringify(b[i])}`);
      if (r.stderr) console.log(r.stderr.slice(0, 2000));
    }
  }
  if (!bad) console.log("OK:", ref.stdout.split("\n").length - 1, "lines; native code", ref.code, ref.code ? ref.stderr : "");
}
main();
