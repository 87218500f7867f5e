/**
 * Entry of `npm run fuzz`: takes a snapshot of the built runtime
 * (packages/runtime/dist) into a temporary directory and runs the fuzzer
 * (cli.ts) against it, so a campaign of hours keeps testing one build while
 * the tree is rebuilt. The snapshot is made before cli.ts and the modules
 * that locate the runtime are loaded (they read COLOOP_RUNTIME_DIST).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const dist = path.resolve(__dirname, "../../packages/runtime/dist");
if (!process.env.COLOOP_RUNTIME_DIST) {
  if (!fs.existsSync(path.join(dist, "index.cjs"))) {
    console.error("fuzz: packages/runtime/dist is not built: run `npm run build -w @coloop/runtime` first");
    process.exit(2);
  }
  const snapshot = fs.mkdtempSync(path.join(os.tmpdir(), "coloop-fuzz-runtime-"));
  fs.cpSync(dist, snapshot, { recursive: true });
  process.env.COLOOP_RUNTIME_DIST = snapshot;
  process.on("exit", () => fs.rmSync(snapshot, { recursive: true, force: true }));
}

void import("./cli");
